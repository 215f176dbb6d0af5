namespace Canic.Fsm.Ic.Replica.Ingress;

/// <summary>A request the replica refuses before processing it, with the HTTP status the IC answers (400, 403, 413).</summary>
internal sealed class IngressRefusal(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static IngressRefusal BadRequest(string message) => new(400, message);

    public static IngressRefusal Forbidden(string message) => new(403, message);
}
