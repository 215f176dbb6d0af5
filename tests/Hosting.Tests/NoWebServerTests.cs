using System.Reflection;

namespace Canic.Fsm.Hosting.Tests;

/// <summary>Embedding the orchestrator must not drag a web server into the user's process.</summary>
public sealed class NoWebServerTests
{
    [Test]
    public void Neither_the_hosting_library_nor_the_libraries_it_uses_reference_ASP_NET_Core()
    {
        var seen = new HashSet<string>();
        var pending = new Queue<Assembly>([typeof(OrchestratorAccessor).Assembly]);
        var references = new List<string>();
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                references.Add(reference.Name!);
                // Follow this repository's own assemblies; a package's are judged by their names.
                if (reference.Name!.StartsWith("Canic.Fsm.", StringComparison.Ordinal) && seen.Add(reference.Name))
                    pending.Enqueue(Assembly.Load(reference));
            }
        }

        Assert.That(seen, Does.Contain("Canic.Fsm.Orchestration").And.Contain("Canic.Fsm.Ic.Simulation"), "the walk reached the libraries");
        Assert.That(references.Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)), Is.Empty);
    }
}
