namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// Inversion in F_p by the binary extended Euclidean algorithm on six limbs: several times faster than Fermat
/// (a^(p-2)), and variable-time, which is fine for the public values it serves (point normalization, hashing
/// public messages, the final exponentiation of a verification).
/// </summary>
internal static class FpInversion
{
    private static readonly ulong[] Modulus = Fp.Limbs(Fp.Modulus);

    /// <summary>R^3 mod p as raw limbs: turns the raw inverse of a·R into the Montgomery form of a^-1.</summary>
    private static readonly Fp R3 = RawR3();

    private static Fp RawR3()
    {
        var l = Fp.Limbs(System.Numerics.BigInteger.ModPow(2, 384 * 3, Fp.Modulus));
        return new Fp(l[0], l[1], l[2], l[3], l[4], l[5]);
    }

    /// <summary>The inverse of a (zero for zero).</summary>
    internal static Fp Invert(in Fp a)
    {
        if (a.IsZero) return a;
        Span<ulong> u = [a.L0, a.L1, a.L2, a.L3, a.L4, a.L5];
        Span<ulong> v = stackalloc ulong[6];
        Modulus.CopyTo(v);
        Span<ulong> x1 = [1, 0, 0, 0, 0, 0];
        Span<ulong> x2 = [0, 0, 0, 0, 0, 0];
        // Invariants: x1·a = u and x2·a = v (mod p), on the raw limbs of a (that is, of a·R).
        while (!IsOne(u) && !IsOne(v))
        {
            HalveWhileEven(u, x1);
            HalveWhileEven(v, x2);
            if (Compare(u, v) >= 0)
            {
                Subtract(u, v);
                SubtractMod(x1, x2);
            }
            else
            {
                Subtract(v, u);
                SubtractMod(x2, x1);
            }
        }
        var x = IsOne(u) ? x1 : x2;
        // x = (a·R)^-1 raw; Montgomery-multiplying by R^3 gives a^-1·R.
        return Fp.Mul(new Fp(x[0], x[1], x[2], x[3], x[4], x[5]), R3);
    }

    private static bool IsOne(ReadOnlySpan<ulong> x) => x[0] == 1 && (x[1] | x[2] | x[3] | x[4] | x[5]) == 0;

    /// <summary>Divides u by two while it is even, and x by two modulo p alongside.</summary>
    private static void HalveWhileEven(Span<ulong> u, Span<ulong> x)
    {
        while ((u[0] & 1) == 0)
        {
            ShiftRight(u, 0);
            ulong carry = 0;
            if ((x[0] & 1) == 1)
            {
                // x + p is even; it fits in 384 bits since x, p < 2^381.
                for (var i = 0; i < 6; i++)
                {
                    var s = x[i] + Modulus[i];
                    var c1 = s < x[i] ? 1UL : 0UL;
                    var r = s + carry;
                    carry = c1 | (r < s ? 1UL : 0UL);
                    x[i] = r;
                }
            }
            ShiftRight(x, carry);
        }
    }

    private static void ShiftRight(Span<ulong> x, ulong topBit)
    {
        for (var i = 0; i < 5; i++) x[i] = (x[i] >> 1) | (x[i + 1] << 63);
        x[5] = (x[5] >> 1) | (topBit << 63);
    }

    private static int Compare(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = 5; i >= 0; i--)
        {
            if (a[i] != b[i]) return a[i] > b[i] ? 1 : -1;
        }
        return 0;
    }

    /// <summary>a -= b, returning the borrow.</summary>
    private static ulong Subtract(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        ulong borrow = 0;
        for (var i = 0; i < 6; i++)
        {
            var d = a[i] - b[i];
            var b1 = a[i] < b[i] ? 1UL : 0UL;
            var r = d - borrow;
            borrow = b1 | (d < borrow ? 1UL : 0UL);
            a[i] = r;
        }
        return borrow;
    }

    /// <summary>a = a - b mod p, for a, b below p.</summary>
    private static void SubtractMod(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (Subtract(a, b) == 0) return;
        ulong carry = 0;
        for (var i = 0; i < 6; i++)
        {
            var s = a[i] + Modulus[i];
            var c1 = s < a[i] ? 1UL : 0UL;
            var r = s + carry;
            carry = c1 | (r < s ? 1UL : 0UL);
            a[i] = r;
        }
    }
}
