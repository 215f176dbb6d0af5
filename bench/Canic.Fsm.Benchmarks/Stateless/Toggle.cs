namespace Canic.Fsm.Benchmarks.Stateless;

/// <summary>The two states and one trigger of the side-by-side benchmarks.</summary>
public enum Lamp { Off, On }

/// <summary>The trigger that toggles <see cref="Lamp"/>.</summary>
public enum Switch { Flip }
