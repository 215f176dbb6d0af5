using System.Threading.Tasks.Sources;

namespace Canic.Fsm.StateMachine.Stateless;

public sealed partial class StatelessMachine<TState, TTrigger>
{
    private FlatRun? _flatRun;  // made by the first activity of a flat machine

    /// <summary>
    /// The engine run of a flat machine's state with an activity: the activity itself, on the run's token. When the
    /// activity ends by itself, the run ends first and only then is its trigger (or error) handed to the loop, so the
    /// loop, handling it on this thread, finds the run already over and enters the next state without waiting. When the
    /// engine is leaving (a probed transition or a stop), the run ends once the leave is done. A machine has one run at
    /// a time (the engine waits for a run before it enters the next state), so one source serves every run.
    /// </summary>
    private sealed class FlatRun : IValueTaskSource<State?>
    {
        private readonly StatelessMachine<TState, TTrigger> _machine;
        private readonly Action _onWorkDone;
        private ManualResetValueTaskSourceCore<State?> _core;  // continuations inline: the engine's watch runs here
        private StateNode? _node;                              // the rest describes the current run
        private RunningActivity? _running;
        private ActivityDeclaration? _activity;
        private Task? _work;

        public FlatRun(StatelessMachine<TState, TTrigger> machine)
        {
            _machine = machine;
            _onWorkDone = OnWorkDone;
        }

        public ValueTask<State?> Start(StateNode node, RunningActivity running, ActivityDeclaration activity)
        {
            _core.Reset();
            (_node, _running, _activity) = (node, running, activity);
            var run = new ValueTask<State?>(this, _core.Version);
            try { _work = activity.Start(running.Token); }
            catch (Exception error) { _work = Task.FromException(error); }  // an activity that threw at once
            if (_work.IsCompleted) OnWorkDone();
            else _work.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onWorkDone);
            return run;
        }

        private void OnWorkDone()
        {
            (StateNode node, RunningActivity running, ActivityDeclaration activity, Task work) = (_node!, _running!, _activity!, _work!);
            (_node, _running, _activity, _work) = (null, null, null, null);
            running.Finished = true;
            if (running.Token.IsCancellationRequested)
            {
                Leave(node, running);
                return;
            }
            Event? result = _machine.ResultOf(running, activity, work);
            _core.SetResult(null);  // the run is over; from here on this source may serve the next run
            if (result is not null) _machine.ScheduleInline(result);
        }

        // The engine is leaving this state: the activity is forgotten, and a transition a probe decided on is fired
        // for real before the run ends.
        private void Leave(StateNode node, RunningActivity running)
        {
            _machine._running!.Remove(running);
            if (_machine._leaving is not { } leaving || !ReferenceEquals(leaving.From, node))
            {
                _core.SetResult(null);
                return;
            }
            _machine._leaving = null;
            Task leave = _machine.LeaveAsync(leaving);
            if (leave.IsCompleted) EndAfter(leave);
            else leave.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => EndAfter(leave));
        }

        private void EndAfter(Task leave)
        {
            if (leave.Exception is { } failed) _core.SetException(failed.InnerException ?? failed);
            else _core.SetResult(null);
        }

        State? IValueTaskSource<State?>.GetResult(short token) => _core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<State?>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<State?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
