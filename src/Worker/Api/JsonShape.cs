using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Checks a parsed body against a request record before it is bound: an object; only the record's properties, spelt as
/// the API spells them (camelCase, case-sensitive), each once; each of its own kind (a string is not a number); strings
/// and lists within <see cref="ApiLimits"/>. The first problem is a 400 (413 for a list too long) naming the property.
/// </summary>
internal static class JsonShape
{
    public static void Check(JsonElement body, Type request)
    {
        var properties = PropertiesOf(request);
        if (body.ValueKind != JsonValueKind.Object)
            throw new ApiInputException(null, $"the body must be a JSON object, not {KindOf(body)}: {Describe(request)}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            var name = ApiLimits.Echo(member.Name);
            if (!properties.TryGetValue(member.Name, out var type)) throw Unknown(member.Name, properties);
            if (!seen.Add(member.Name)) throw new ApiInputException(member.Name, $"property '{name}' appears more than once");
            CheckValue(member.Name, member.Value, type);
        }
    }

    /// <summary>The request's properties as the API spells them, for messages: <c>{"role": string, "count": whole number}</c>.</summary>
    public static string Describe(Type request)
    {
        var properties = PropertiesOf(request);
        return properties.Count == 0
            ? "this request takes no properties (send no body, or {})"
            : "{" + string.Join(", ", properties.Select(p => $"\"{p.Key}\": {Expected(p.Value)}")) + "}";
    }

    private static void CheckValue(string field, JsonElement value, Type type)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!type.IsValueType) return;
            throw WrongKind(field, value, type);
        }
        if (type == typeof(string))
        {
            if (value.ValueKind != JsonValueKind.String) throw WrongKind(field, value, type);
            var length = value.GetString()!.Length;
            if (length > ApiLimits.MaxStringLength)
                throw new ApiInputException(field, $"{field} is {length:N0} characters long; at most {ApiLimits.MaxStringLength} are accepted");
        }
        else if (type == typeof(int))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _)) throw WrongKind(field, value, type);
        }
        else if (type == typeof(bool))
        {
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw WrongKind(field, value, type);
        }
        else if (ItemTypeOf(type) is { } item)
        {
            if (value.ValueKind != JsonValueKind.Array) throw WrongKind(field, value, type);
            var count = value.GetArrayLength();
            if (count > ApiLimits.MaxListItems)
                throw new ApiInputException(field, $"{field} lists {count:N0} items; at most {ApiLimits.MaxListItems} are accepted per request",
                    StatusCodes.Status413PayloadTooLarge);
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Null) throw WrongKind($"{field}[{index}]", element, item);
                CheckValue($"{field}[{index++}]", element, item);
            }
        }
        else
        {
            throw new InvalidOperationException($"request property of unsupported type {type.Name}");  // a programming error
        }
    }

    private static Dictionary<string, Type> PropertiesOf(Type request) =>
        request.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || p.SetMethod is not null)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType, StringComparer.Ordinal);

    private static Type? ItemTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static ApiInputException Unknown(string name, Dictionary<string, Type> properties)
    {
        var echoed = ApiLimits.Echo(name);
        var sameLetters = properties.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return new ApiInputException(name, sameLetters is not null
            ? $"unknown property '{echoed}': property names are case-sensitive; did you mean '{sameLetters}'?"
            : properties.Count == 0
                ? $"unknown property '{echoed}': this request takes no properties"
                : $"unknown property '{echoed}' (known: {string.Join(", ", properties.Keys)})");
    }

    private static ApiInputException WrongKind(string field, JsonElement value, Type expected) =>
        new(field, $"{field} must be {Expected(expected)}, not {KindOf(value)}");

    private static string Expected(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(int) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : ItemTypeOf(type) is { } item ? $"a list of {Expected(item)[2..]}s"
        : type.Name;

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{ApiLimits.Echo(value.GetString())}\"",
        JsonValueKind.Number => $"the number {ApiLimits.Echo(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
