using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Policy;

/// <summary>Distinct principals for tests, as the seed's <c>p(id)</c>: 29 bytes of the id.</summary>
internal static class TestPrincipals
{
    public static Principal P(byte id) => Principal.FromBytes(Enumerable.Repeat(id, Principal.MaxLength).ToArray());
}
