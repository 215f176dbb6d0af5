namespace Canic.Fsm.Ic.Bls;

/// <summary>The group G1: points of E(F_p): y^2 = x^3 + 4 of prime order r (signatures live here).</summary>
internal static class G1
{
    internal static readonly Fp B = Fp.FromBig(4);

    /// <summary>|x| of the curve parameter x = -0xd201000000010000.</summary>
    internal const ulong AbsX = 0xd201000000010000;

    internal static readonly Jacobian<Fp> Generator = DecodeConstant(
        "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb");

    /// <summary>
    /// The cube root of unity β for which σ(x, y) = (β·x, y) acts on G1 as [-x^2]; of the two roots, the one that
    /// does so on the generator (computed once, so no constant can be mistyped).
    /// </summary>
    private static readonly Fp Beta = ChooseBeta();

    internal static bool IsOnCurve(in Fp x, in Fp y) =>
        Fp.Square(y).Equals(Fp.Add(Fp.Mul(Fp.Square(x), x), B));

    /// <summary>
    /// Membership in the order-r subgroup for a point already on the curve: σ(P) = -[x^2]P (Scott, "A note on
    /// group membership tests for G1, G2 and GT on BLS pairing-friendly curves"), 128 doublings instead of 255.
    /// </summary>
    internal static bool IsInSubgroup(in Jacobian<Fp> p) => IsInSubgroup(p, Beta);

    private static bool IsInSubgroup(in Jacobian<Fp> p, in Fp beta)
    {
        if (p.IsIdentity) return true;
        var xx = Jacobian<Fp>.Multiply(Jacobian<Fp>.Multiply(p, AbsX), AbsX);
        var sigma = new Jacobian<Fp>(Fp.Mul(p.X, beta), p.Y, p.Z);
        return Jacobian<Fp>.AreEqual(sigma, Jacobian<Fp>.Neg(xx));
    }

    /// <summary>Membership by the definition, [r]P = O: the slow reference for tests.</summary>
    internal static bool IsInSubgroupByOrder(in Jacobian<Fp> p) =>
        Jacobian<Fp>.Multiply(p, Scalar.OrderLimbs).IsIdentity;

    /// <summary>Clears the cofactor with h_eff = 1 - x (RFC 9380, section 8.8.1).</summary>
    internal static Jacobian<Fp> ClearCofactor(in Jacobian<Fp> p) =>
        Jacobian<Fp>.Add(p, Jacobian<Fp>.Multiply(p, AbsX));

    private static Fp ChooseBeta()
    {
        // β^2 + β + 1 = 0: β = (-1 ± sqrt(-3)) / 2.
        if (!Fp.TrySqrt(Fp.Neg(Fp.FromBig(3)), out var s)) throw new InvalidOperationException("-3 is a square mod p");
        var half = Fp.Inverse(Fp.FromBig(2));
        var minusOne = Fp.Neg(Fp.One);
        foreach (var candidate in new[] { Fp.Mul(Fp.Add(minusOne, s), half), Fp.Mul(Fp.Sub(minusOne, s), half) })
        {
            if (IsInSubgroup(Generator, candidate)) return candidate;
        }
        throw new InvalidOperationException("no cube root of unity acts as -x^2 on the G1 generator");
    }

    private static Jacobian<Fp> DecodeConstant(string hex)
    {
        var error = PointEncoding.TryDecodeG1(Convert.FromHexString(hex), out var point, checkSubgroup: false);
        if (error != BlsDecodeError.None) throw new InvalidOperationException($"bad G1 constant: {error}");
        return point;
    }
}
