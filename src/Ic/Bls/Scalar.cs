using System.Numerics;

namespace Canic.Fsm.Ic.Bls;

/// <summary>Scalars modulo the group order r (secret keys); not on the verification path.</summary>
internal static class Scalar
{
    internal static readonly BigInteger Order = BigInteger.Parse(
        "073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001",
        System.Globalization.NumberStyles.HexNumber);

    internal static readonly ulong[] OrderLimbs = Fp.Limbs(Order);

    /// <summary>Reads a 32-byte big-endian scalar; false unless it is in [1, r).</summary>
    internal static bool TryRead(ReadOnlySpan<byte> bytes, out ulong[] limbs)
    {
        limbs = [];
        if (bytes.Length != 32) return false;
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        if (value.IsZero || value >= Order) return false;
        limbs = Fp.Limbs(value);
        return true;
    }
}
