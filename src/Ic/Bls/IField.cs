namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// The field operations the curve arithmetic needs, so that one Jacobian implementation serves G1 (over F_p)
/// and G2 (over F_p2); the JIT specializes it per struct, so the indirection costs nothing.
/// </summary>
internal interface IField<TF> where TF : struct, IField<TF>
{
    static abstract TF ZeroValue { get; }

    static abstract TF OneValue { get; }

    bool IsZero { get; }

    static abstract TF Add(in TF a, in TF b);

    static abstract TF Sub(in TF a, in TF b);

    static abstract TF Double(in TF a);

    static abstract TF Neg(in TF a);

    static abstract TF Mul(in TF a, in TF b);

    static abstract TF Square(in TF a);

    static abstract TF Inverse(in TF a);

    bool Equals(TF other);
}
