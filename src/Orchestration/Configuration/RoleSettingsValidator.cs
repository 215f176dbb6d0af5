using System.Security.Cryptography;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Configuration;

/// <summary>Validates the <c>Roles</c> section and loads each role's module.</summary>
internal static class RoleSettingsValidator
{
    /// <summary>The valid roles by name; a role with a problem is reported and left out.</summary>
    public static Dictionary<string, RoleSettings> Validate(
        IReadOnlyDictionary<string, RoleOptions> roles, Principal? orchestrator, string baseDirectory, ProblemCollector problems)
    {
        var valid = new Dictionary<string, RoleSettings>(StringComparer.Ordinal);
        foreach (var (name, role) in roles.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (Validate(name, role ?? new RoleOptions(), orchestrator, baseDirectory, problems) is { } settings) valid[name] = settings;
        }
        return valid;
    }

    private static RoleSettings? Validate(string name, RoleOptions role, Principal? orchestrator, string baseDirectory, ProblemCollector problems)
    {
        var prefix = $"Roles:{name}";
        var before = problems.Problems.Count;
        var module = problems.Required($"{prefix}:ModulePath", role.ModulePath)
            ? WasmModuleFile.Load($"{prefix}:ModulePath", role.ModulePath!, baseDirectory, problems)
            : null;
        var initial = problems.Cycles($"{prefix}:InitialCycles", role.InitialCycles);
        var budget = problems.Cycles($"{prefix}:Budget", role.Budget);
        if (initial is { } i && budget is { } b && b < i)
            problems.Add($"{prefix}:Budget", $"{prefix}:Budget ({b}) is smaller than {prefix}:InitialCycles ({i}): no canister of the role could be provisioned.");
        var controllers = ControllerListValidator.Validate($"{prefix}:Controllers", role.Controllers ?? [], orchestrator, problems);

        if (problems.Problems.Count > before) return null;
        var (path, bytes) = module!.Value;
        return new RoleSettings(name, path, bytes, SHA256.HashData(bytes), initial!.Value, controllers!, budget!.Value, role.Singleton);
    }
}
