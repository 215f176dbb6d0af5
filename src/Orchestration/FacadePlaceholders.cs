// TEMPORARY: stand-ins for types that the ic and policy helpers are building on their branches, so
// that the facade's public API compiles before they land. This file is deleted when main brings the
// real IManagementCanister, ICyclesLedger and OrchestratorSettings.
#pragma warning disable CS1591
namespace Canic.Fsm.Orchestration.Ic
{
    public interface IManagementCanister { }
    public interface ICyclesLedger { }
}

namespace Canic.Fsm.Orchestration.Configuration
{
    public sealed class OrchestratorSettings { }
}
