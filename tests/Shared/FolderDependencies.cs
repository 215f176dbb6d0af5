using System.Reflection;
using System.Reflection.Emit;

namespace Canic.Fsm.Tests.Shared;

/// <summary>
/// Which folder of an assembly uses which other folder, read from the compiled assembly rather than from the
/// <c>using</c> lines (which miss qualified names such as <c>Configuration.ScalingSettings</c>): every type's base
/// type, interfaces, fields, properties, events, method signatures, local variables, and every type, method and field
/// its method bodies name (the IL's tokens). Compiler-generated types (lambdas, async state machines) belong to the
/// folder of the type they were written in, since they share its namespace. A folder is the namespace segment after
/// the assembly's root namespace ("" for the root itself).
/// </summary>
public static class FolderDependencies
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>One use of a type of another folder.</summary>
    /// <param name="From">The using folder.</param>
    /// <param name="To">The used folder.</param>
    /// <param name="User">The using type.</param>
    /// <param name="Used">The used type.</param>
    public sealed record Edge(string From, string To, string User, string Used)
    {
        public override string ToString() => $"{Show(From)} -> {Show(To)} ({User} uses {Used})";

        private static string Show(string folder) => folder.Length == 0 ? "(root)" : folder;
    }

    /// <summary>Every use, by a type of <paramref name="assembly"/>, of a type of another folder of the same assembly.</summary>
    /// <param name="assembly">The assembly to read.</param>
    /// <param name="root">Its root namespace, e.g. <c>Canic.Fsm.Orchestration</c>.</param>
    /// <param name="folderOf">Maps a namespace outside <paramref name="root"/> to a folder (e.g. a DI extension living in
    /// <c>Microsoft.Extensions.DependencyInjection</c>), or null to ignore its types.</param>
    public static IReadOnlyList<Edge> Of(Assembly assembly, string root, Func<string, string?>? folderOf = null)
    {
        string? Folder(Type t)
        {
            var ns = t.Namespace ?? "";
            if (ns == root) return "";
            if (ns.StartsWith(root + ".", StringComparison.Ordinal)) return ns[(root.Length + 1)..].Split('.')[0];
            return folderOf?.Invoke(ns);
        }

        var edges = new HashSet<Edge>();
        foreach (var type in assembly.GetTypes())
        {
            if (Folder(type) is not { } from) continue;
            foreach (var used in Uses(type).SelectMany(Flatten))
            {
                if (used.Assembly != assembly || Folder(used) is not { } to || to == from) continue;
                edges.Add(new Edge(from, to, Outermost(type).FullName!, Outermost(used).FullName!));
            }
        }
        return [.. edges.OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.User)];
    }

    /// <summary>The edges that <paramref name="allowed"/> does not permit (a folder may always use itself).</summary>
    public static IReadOnlyList<Edge> Forbidden(IEnumerable<Edge> edges, IReadOnlyDictionary<string, string[]> allowed) =>
        [.. edges.Where(e => !allowed.TryGetValue(e.From, out var ok) || !ok.Contains(e.To))];

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType) return Flatten(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        if (!type.IsGenericType || type.IsGenericTypeDefinition) return [type];
        return type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition());
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(Declared)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Declared)) yield return p.PropertyType;
        foreach (var e in type.GetEvents(Declared)) if (e.EventHandlerType is { } h) yield return h;
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo m) yield return m.ReturnType;
            foreach (var p in method.GetParameters()) yield return p.ParameterType;
            foreach (var used in BodyUses(method)) yield return used;
        }
    }

    private static IEnumerable<Type> BodyUses(MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception e) when (e is InvalidOperationException or BadImageFormatException) { yield break; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            if (op.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case MethodInfo { IsGenericMethod: true } gm:
                        yield return gm.DeclaringType!;
                        foreach (var a in gm.GetGenericArguments()) yield return a;
                        break;
                    case { DeclaringType: { } owner }: yield return owner; break;
                }
            }
            at += OperandSize(op, il, at);
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}

/// <summary>
/// The dependency-direction tests of one assembly: no use against <see cref="Allowed"/>, no folder unknown to it, and
/// the reader sees the uses it must see (so that the first test cannot pass by reading nothing).
/// </summary>
public abstract class FolderDependencyTestBase
{
    /// <summary>For each folder, the folders it may use.</summary>
    protected abstract IReadOnlyDictionary<string, string[]> Allowed { get; }

    /// <summary>Uses known to exist (folder pairs), some visible only in a method body or through a qualified name.</summary>
    protected abstract IReadOnlyList<(string From, string To)> KnownUses { get; }

    protected abstract IReadOnlyList<FolderDependencies.Edge> Edges();

    [Test]
    public void Every_folder_depends_only_on_the_folders_below_it()
    {
        var forbidden = FolderDependencies.Forbidden(Edges(), Allowed);
        Assert.That(forbidden.Select(e => e.ToString()), Is.Empty, "dependencies against the intended direction");
    }

    [Test]
    public void Every_folder_of_the_assembly_has_a_place_in_the_direction()
    {
        var folders = Edges().SelectMany(e => new[] { e.From, e.To }).Distinct();
        Assert.That(folders.Where(f => !Allowed.ContainsKey(f)), Is.Empty, "folders the dependency rule does not know: add them to Allowed and to the docs");
    }

    [Test]
    public void The_reader_sees_the_known_uses()
    {
        var seen = Edges().Select(e => (e.From, e.To)).ToHashSet();
        Assert.That(KnownUses.Where(u => !seen.Contains(u)), Is.Empty, "known uses the reader missed");
    }
}
