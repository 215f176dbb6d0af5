using System.Net;

namespace Canic.Fsm.Ic.Agent;

/// <summary>
/// The IC (or a boundary node) refused a request with an HTTP error that retrying will not change (4xx other
/// than 429): a malformed or unauthorized request, an expired one. The request was not processed.
/// </summary>
public sealed class IcHttpException : IcProtocolException
{
    /// <summary>Creates the error.</summary>
    public IcHttpException(HttpStatusCode statusCode, string path, string body)
        : base($"{path} answered {(int)statusCode} {statusCode}: {Shorten(body)}")
    {
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response text.</summary>
    public string Body { get; }

    /// <summary>Whether the IC refused the request's <c>ingress_expiry</c> (the clock needs a re-sync).</summary>
    public bool IsInvalidExpiry => Body.Contains("Invalid request expiry", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "...";
}
