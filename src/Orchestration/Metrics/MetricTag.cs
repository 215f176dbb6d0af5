using System.Runtime.CompilerServices;
using System.Text;

namespace Canic.Fsm.Orchestration.Metrics;

/// <summary>
/// The snake_case tag value of a metric enum member (<c>PoolReuse</c> -> <c>pool_reuse</c>). The names are
/// computed once per enum type; a lookup is an array index, with no reflection or allocation.
/// </summary>
public static class MetricTag
{
    /// <summary>The snake_case tag value of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a declared member of its enum.</exception>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.Of(value);

    /// <summary>Converts a PascalCase identifier to snake_case (<c>SelectReady</c> -> <c>select_ready</c>).</summary>
    public static string ToSnakeCase(string pascalCase)
    {
        ArgumentNullException.ThrowIfNull(pascalCase);
        var result = new StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c) && i > 0) result.Append('_');
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }

    // The metric enums are int-backed and numbered 0..n-1, so the value is the index.
    private static class Names<TEnum> where TEnum : struct, Enum
    {
        private static readonly string[] ByValue = Build();

        public static string Of(TEnum value)
        {
            var index = Unsafe.SizeOf<TEnum>() == sizeof(int) ? Unsafe.As<TEnum, int>(ref value) : -1;
            return (uint)index < (uint)ByValue.Length
                ? ByValue[index]
                : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a member of {typeof(TEnum).Name}.");
        }

        private static string[] Build()
        {
            var values = Enum.GetValues<TEnum>();
            var names = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i];
                if (Unsafe.SizeOf<TEnum>() != sizeof(int) || Unsafe.As<TEnum, int>(ref value) != i)
                    throw new InvalidOperationException($"{typeof(TEnum).Name} must be an int enum numbered 0..n-1 to be a metric tag.");
                names[i] = ToSnakeCase(value.ToString());
            }
            return names;
        }
    }
}
