using Canic.Fsm.Worker.Cli;

return await CanicCommandLine.InvokeAsync(args, Console.Out, Console.Error);
