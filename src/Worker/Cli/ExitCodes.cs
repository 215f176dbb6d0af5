namespace Canic.Fsm.Worker.Cli;

/// <summary>The exit codes of <c>canic-fsm</c>, stable for scripts.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (or the worker ran and stopped cleanly).</summary>
    public const int Ok = 0;

    /// <summary>The worker answered and refused the request (bad input, unknown id, wrong token, policy).</summary>
    public const int Refused = 1;

    /// <summary>Bad usage of the command line, or (for <c>run</c>) invalid configuration.</summary>
    public const int BadUsage = 2;

    /// <summary>No worker answered at the given address.</summary>
    public const int Unreachable = 3;
}
