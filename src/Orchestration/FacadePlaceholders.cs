// TEMPORARY: a stand-in for OrchestratorSettings, which the policy helper is building on its branch, so
// that the facade's public API compiles before it lands. Deleted when main brings the real type.
#pragma warning disable CS1591
namespace Canic.Fsm.Orchestration.Configuration
{
    public sealed class OrchestratorSettings { }
}
