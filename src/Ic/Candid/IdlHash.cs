namespace Canic.Fsm.Ic.Candid;

/// <summary>Candid field ids: <c>hash(name) = Σ utf8[i]·223^(k−i) mod 2^32</c>.</summary>
public static class IdlHash
{
    /// <summary>The field id of a record field or variant case name.</summary>
    public static uint Of(string name)
    {
        uint hash = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name)) hash = unchecked(hash * 223 + b);
        return hash;
    }
}
