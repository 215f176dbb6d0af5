namespace Canic.Fsm.Ic.Simulation;

/// <summary>Numbers the calls per method, picks each call's fault from the plan and keeps the most recent records. Guarded by the network's lock.</summary>
internal sealed class CallLog(int capacity)
{
    private readonly long[] _callsPerMethod = new long[Enum.GetValues<IcMethod>().Length];
    private readonly Queue<CallRecord> _records = new();
    private long _sequence;

    public Fault? Register(IcMethod method, Principal caller, FaultPlan plan)
    {
        var callNumber = ++_callsPerMethod[(int)method];
        var fault = plan.FaultFor(method, callNumber);
        if (capacity > 0)
        {
            if (_records.Count == capacity) _records.Dequeue();
            _records.Enqueue(new CallRecord(++_sequence, method, callNumber, caller, fault));
        }
        return fault;
    }

    public long CallsOf(IcMethod method) => _callsPerMethod[(int)method];

    public CallRecord[] ToArray() => _records.ToArray();
}
