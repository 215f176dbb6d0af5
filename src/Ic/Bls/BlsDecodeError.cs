namespace Canic.Fsm.Ic.Bls;

/// <summary>Why bytes are not a valid compressed BLS12-381 point (ZCash encoding, as the IC uses it).</summary>
public enum BlsDecodeError
{
    /// <summary>The bytes are a valid point.</summary>
    None,

    /// <summary>Not 48 bytes (G1) or 96 bytes (G2).</summary>
    WrongLength,

    /// <summary>The compression flag (top bit) is clear: uncompressed points are not accepted.</summary>
    NotCompressed,

    /// <summary>The infinity flag is set but the sort flag or some coordinate bit is not zero.</summary>
    NonCanonicalInfinity,

    /// <summary>The point at infinity: valid as an encoding, never as a key or a signature.</summary>
    Infinity,

    /// <summary>A coordinate is not below the field modulus p.</summary>
    CoordinateNotInField,

    /// <summary>No y makes (x, y) a point of the curve.</summary>
    NotOnCurve,

    /// <summary>On the curve but outside the prime-order subgroup.</summary>
    NotInSubgroup,
}
