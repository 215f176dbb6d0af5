namespace Canic.Fsm.Ic.Bls;

/// <summary>
/// A point of y^2 = x^3 + b (a = 0) in Jacobian coordinates: (X, Y, Z) stands for (X/Z^2, Y/Z^3); Z = 0 is
/// the point at infinity. The formulas do not depend on b, so G1 and G2 share them. Not constant-time.
/// </summary>
internal readonly struct Jacobian<TF> where TF : struct, IField<TF>
{
    internal readonly TF X, Y, Z;

    internal Jacobian(in TF x, in TF y, in TF z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    internal static Jacobian<TF> Identity => new(TF.OneValue, TF.OneValue, TF.ZeroValue);

    internal static Jacobian<TF> FromAffine(in TF x, in TF y) => new(x, y, TF.OneValue);

    internal bool IsIdentity => Z.IsZero;

    internal static Jacobian<TF> Neg(in Jacobian<TF> p) => new(p.X, TF.Neg(p.Y), p.Z);

    /// <summary>dbl-2009-l: 2M + 5S.</summary>
    internal static Jacobian<TF> Double(in Jacobian<TF> p)
    {
        if (p.IsIdentity) return p;
        var a = TF.Square(p.X);
        var b = TF.Square(p.Y);
        var c = TF.Square(b);
        var d = TF.Double(TF.Sub(TF.Sub(TF.Square(TF.Add(p.X, b)), a), c));
        var e = TF.Add(TF.Double(a), a);
        var f = TF.Square(e);
        var x3 = TF.Sub(f, TF.Double(d));
        var c8 = TF.Double(TF.Double(TF.Double(c)));
        var y3 = TF.Sub(TF.Mul(e, TF.Sub(d, x3)), c8);
        var z3 = TF.Double(TF.Mul(p.Y, p.Z));
        return new Jacobian<TF>(x3, y3, z3);
    }

    /// <summary>add-2007-bl, with the doubling and inverse cases handled.</summary>
    internal static Jacobian<TF> Add(in Jacobian<TF> p, in Jacobian<TF> q)
    {
        if (p.IsIdentity) return q;
        if (q.IsIdentity) return p;
        var z1z1 = TF.Square(p.Z);
        var z2z2 = TF.Square(q.Z);
        var u1 = TF.Mul(p.X, z2z2);
        var u2 = TF.Mul(q.X, z1z1);
        var s1 = TF.Mul(TF.Mul(p.Y, q.Z), z2z2);
        var s2 = TF.Mul(TF.Mul(q.Y, p.Z), z1z1);
        var h = TF.Sub(u2, u1);
        var r = TF.Double(TF.Sub(s2, s1));
        if (h.IsZero) return r.IsZero ? Double(p) : Identity;
        var i = TF.Square(TF.Double(h));
        var j = TF.Mul(h, i);
        var v = TF.Mul(u1, i);
        var x3 = TF.Sub(TF.Sub(TF.Square(r), j), TF.Double(v));
        var y3 = TF.Sub(TF.Mul(r, TF.Sub(v, x3)), TF.Double(TF.Mul(s1, j)));
        var z3 = TF.Mul(TF.Sub(TF.Sub(TF.Square(TF.Add(p.Z, q.Z)), z1z1), z2z2), h);
        return new Jacobian<TF>(x3, y3, z3);
    }

    /// <summary>[k]p for a scalar given as little-endian 64-bit limbs (double and add, most significant bit first).</summary>
    internal static Jacobian<TF> Multiply(in Jacobian<TF> p, ReadOnlySpan<ulong> scalar)
    {
        var acc = Identity;
        for (var i = scalar.Length - 1; i >= 0; i--)
        {
            for (var bit = 63; bit >= 0; bit--)
            {
                acc = Double(acc);
                if (((scalar[i] >> bit) & 1) == 1) acc = Add(acc, p);
            }
        }
        return acc;
    }

    /// <summary>[k]p for a 64-bit scalar.</summary>
    internal static Jacobian<TF> Multiply(in Jacobian<TF> p, ulong scalar)
    {
        ReadOnlySpan<ulong> limbs = [scalar];
        return Multiply(p, limbs);
    }

    /// <summary>Projective equality: X1·Z2^2 = X2·Z1^2 and Y1·Z2^3 = Y2·Z1^3.</summary>
    internal static bool AreEqual(in Jacobian<TF> p, in Jacobian<TF> q)
    {
        if (p.IsIdentity || q.IsIdentity) return p.IsIdentity && q.IsIdentity;
        var z1z1 = TF.Square(p.Z);
        var z2z2 = TF.Square(q.Z);
        if (!TF.Mul(p.X, z2z2).Equals(TF.Mul(q.X, z1z1))) return false;
        return TF.Mul(TF.Mul(p.Y, q.Z), z2z2).Equals(TF.Mul(TF.Mul(q.Y, p.Z), z1z1));
    }

    /// <summary>The affine coordinates (one inversion); the caller handles the identity.</summary>
    internal void ToAffine(out TF x, out TF y)
    {
        if (Z.Equals(TF.OneValue))
        {
            x = X;
            y = Y;
            return;
        }
        var zInv = TF.Inverse(Z);
        var zInv2 = TF.Square(zInv);
        x = TF.Mul(X, zInv2);
        y = TF.Mul(Y, TF.Mul(zInv2, zInv));
    }
}
