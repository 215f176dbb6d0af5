namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// The group G2: points of the M-type sextic twist E'(F_p2): y^2 = x^3 + 4(1 + u) of prime order r (public
/// keys live here).
/// </summary>
internal static class G2
{
    internal static readonly Fp2 B = new(Fp.FromBig(4), Fp.FromBig(4));

    internal static readonly Jacobian<Fp2> Generator = DecodeConstant(
        "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e" +
        "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8");

    // ψ = untwist ∘ Frobenius ∘ twist: ψ(x, y) = (conj(x)·ξ^-((p-1)/3), conj(y)·ξ^-((p-1)/2)).
    private static readonly Fp2 PsiX = Fp2.Inverse(Fp2.Pow(new Fp2(Fp.One, Fp.One), (Fp.Modulus - 1) / 3));
    private static readonly Fp2 PsiY = Fp2.Inverse(Fp2.Pow(new Fp2(Fp.One, Fp.One), (Fp.Modulus - 1) / 2));

    internal static bool IsOnCurve(in Fp2 x, in Fp2 y) =>
        Fp2.Square(y).Equals(Fp2.Add(Fp2.Mul(Fp2.Square(x), x), B));

    internal static Jacobian<Fp2> Psi(in Jacobian<Fp2> p) =>
        new(Fp2.Mul(Fp2.Conjugate(p.X), PsiX), Fp2.Mul(Fp2.Conjugate(p.Y), PsiY), Fp2.Conjugate(p.Z));

    /// <summary>
    /// Membership in the order-r subgroup for a point already on the twist: ψ(Q) = [x]Q (Scott, "A note on group
    /// membership tests for G1, G2 and GT on BLS pairing-friendly curves"), 64 doublings instead of 255.
    /// </summary>
    internal static bool IsInSubgroup(in Jacobian<Fp2> q)
    {
        if (q.IsIdentity) return true;
        var xq = Jacobian<Fp2>.Neg(Jacobian<Fp2>.Multiply(q, G1.AbsX));
        return Jacobian<Fp2>.AreEqual(Psi(q), xq);
    }

    /// <summary>Membership by the definition, [r]Q = O: the slow reference for tests.</summary>
    internal static bool IsInSubgroupByOrder(in Jacobian<Fp2> q) =>
        Jacobian<Fp2>.Multiply(q, Scalar.OrderLimbs).IsIdentity;

    private static Jacobian<Fp2> DecodeConstant(string hex)
    {
        var error = PointEncoding.TryDecodeG2(Convert.FromHexString(hex), out var point, checkSubgroup: false);
        if (error != BlsDecodeError.None) throw new InvalidOperationException($"bad G2 constant: {error}");
        return point;
    }
}
