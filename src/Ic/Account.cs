namespace Canic.Fsm.Ic;

/// <summary>
/// An ICRC-1 account of the cycles ledger: an owner and an optional 32-byte subaccount. A missing
/// subaccount and the all-zero subaccount are the same account, as on the ledger.
/// </summary>
public readonly struct Account : IEquatable<Account>
{
    /// <summary>The length of a subaccount, in bytes.</summary>
    public const int SubaccountLength = 32;

    private readonly byte[]? _subaccount;

    /// <summary>Creates the account of <paramref name="owner"/> with an optional subaccount.</summary>
    /// <exception cref="ArgumentException">The subaccount is not 32 bytes long.</exception>
    public Account(Principal owner, byte[]? subaccount = null)
    {
        if (subaccount is not null && subaccount.Length != SubaccountLength)
            throw new ArgumentException($"A subaccount has {SubaccountLength} bytes, got {subaccount.Length} for owner {owner}.", nameof(subaccount));
        Owner = owner;
        _subaccount = subaccount is null || subaccount.All(b => b == 0) ? null : (byte[])subaccount.Clone();
    }

    /// <summary>The owner of the account.</summary>
    public Principal Owner { get; }

    /// <summary>The subaccount, or null for the default (all-zero) subaccount.</summary>
    public ReadOnlySpan<byte> Subaccount => _subaccount;

    /// <summary>Whether this is the owner's default subaccount.</summary>
    public bool IsDefaultSubaccount => _subaccount is null;

    /// <inheritdoc />
    public bool Equals(Account other) => Owner == other.Owner && Subaccount.SequenceEqual(other.Subaccount);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Account other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Owner);
        hash.AddBytes(Subaccount);
        return hash.ToHashCode();
    }

    /// <summary>The owner, followed by <c>.</c> and the subaccount in hex when it is not the default.</summary>
    public override string ToString() => IsDefaultSubaccount ? Owner.ToString() : $"{Owner}.{Convert.ToHexStringLower(Subaccount)}";

    /// <summary>Equality.</summary>
    public static bool operator ==(Account left, Account right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Account left, Account right) => !left.Equals(right);
}
