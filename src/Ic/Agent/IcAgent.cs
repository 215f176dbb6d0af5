using System.Net;
using System.Security.Cryptography;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canic.Fsm.Ic.Agent;

/// <summary>
/// Talks to the IC over HTTP as one identity, and trusts only what it verified. Update calls go to
/// <c>/api/v4/canister/&lt;ecid&gt;/call</c> (a certified answer, or 202 and polling of <c>request_status</c> via
/// <c>/api/v3/.../read_state</c>; a 404 falls back to the v2 call and polling, for that call and every later one); queries to <c>/api/v3/.../query</c>
/// with node signatures checked against the subnet's node keys; read_state for <c>/time</c>, module hashes and
/// controllers. A reject throws <see cref="IcRejectException"/> with the reject and error codes; anything after
/// sending that leaves the outcome open (time-out, transport error, 5 minutes of polling, an answer that fails
/// verification, the pruned <c>done</c> status) throws <see cref="IcUnknownOutcomeException"/>.
/// </summary>
public sealed class IcAgent
{
    private readonly IcHttpTransport _transport;
    private readonly IcAgentOptions _options;
    private readonly ILogger _logger;
    private readonly QuerySignatures _querySignatures;
    private volatile bool _noV4Call;  // a v4 call answered 404: the endpoint serves v2 only

    /// <summary>Creates an agent with an explicit verifier (its root key is the root of trust).</summary>
    public IcAgent(HttpClient http, IIdentity identity, CertificateVerifier verifier, IcAgentOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        Verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.NodeKeyCacheSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.NodeKeyCacheSize, "NodeKeyCacheSize must be at least 1.");
        _logger = logger ?? NullLogger.Instance;
        _transport = new IcHttpTransport(http, options, verifier.Clock.Time, _logger);
        _querySignatures = new QuerySignatures(this);
    }

    /// <summary>
    /// Creates an agent for <paramref name="options"/>'s network: on mainnet with the built-in root key; on a local
    /// network with the key of <c>/api/v2/status</c> (logged with its SHA-256 fingerprint) unless one is configured.
    /// </summary>
    public static async Task<IcAgent> CreateAsync(HttpClient http, IIdentity identity, IcAgentOptions options,
        IBlsVerifier? bls = null, TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var clock = new ServerClock(time ?? TimeProvider.System);
        var rootKey = options.RootKeyDer;
        if (rootKey is null && options.Network == IcNetwork.Local)
        {
            var transport = new IcHttpTransport(http, options, clock.Time, logger);
            var status = await transport.GetAsync("api/v2/status", cancellationToken).ConfigureAwait(false);
            if (status.Status != HttpStatusCode.OK) throw new IcHttpException(status.Status, "api/v2/status", status.Text);
            rootKey = CborValue.Get<byte[]>(CborValue.ReadMap(status.Body, "status response"), "root_key", "status response");
            logger.LogWarning("Local network {Url}: trusting the root key from /api/v2/status, SHA-256 {Fingerprint} (never done on mainnet)",
                options.BaseAddress, CertificateVerifier.Fingerprint(rootKey));
        }
        rootKey ??= CertificateVerifier.MainnetRootKey.ToArray();
        if (options.Network == IcNetwork.Mainnet && !rootKey.AsSpan().SequenceEqual(CertificateVerifier.MainnetRootKey))
            logger.LogWarning("Mainnet agent with a configured root key, SHA-256 {Fingerprint}", CertificateVerifier.Fingerprint(rootKey));
        var verifier = new CertificateVerifier(bls ?? BlsVerifier.Instance, rootKey, clock, options.Certificates);
        return new IcAgent(http, identity, verifier, options, logger);
    }

    /// <summary>The identity requests are signed with.</summary>
    public IIdentity Identity { get; }

    /// <summary>The certificate verifier (root key, corrected clock).</summary>
    public CertificateVerifier Verifier { get; }

    internal IcAgentOptions Options => _options;

    /// <summary>How many effective canisters' node keys the query-signature check holds now.</summary>
    internal int CachedNodeKeySets => _querySignatures.CachedCanisters;

    internal ILogger Logger => _logger;

    // ---------------- update calls ----------------

    /// <summary>Makes an update call and returns the certified reply (Candid bytes).</summary>
    /// <param name="canisterId">The callee (<c>aaaaa-aa</c> for the management canister).</param>
    /// <param name="effectiveCanisterId">The canister the call is routed by (the target canister for management calls).</param>
    /// <param name="method">The method name.</param>
    /// <param name="arg">The Candid argument.</param>
    /// <param name="cancellationToken">Cancels waiting; the call's outcome is then unknown.</param>
    /// <exception cref="IcRejectException">The call was rejected.</exception>
    /// <exception cref="IcUnknownOutcomeException">The outcome could not be established.</exception>
    /// <exception cref="IcHttpException">The request was refused before processing (not sent to a canister).</exception>
    public async Task<byte[]> CallAsync(Principal canisterId, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken cancellationToken = default)
    {
        var request = SignCall(canisterId, method, arg);
        var ecid = effectiveCanisterId.ToString();
        for (var attempt = 0; ; attempt++)
        {
            HttpAnswer answer;
            bool v2 = _noV4Call;
            var path = v2 ? $"api/v2/canister/{ecid}/call" : $"api/v4/canister/{ecid}/call";
            try
            {
                answer = await _transport.PostAsync(path, request.Body, cancellationToken).ConfigureAwait(false);
                if (!v2 && answer.Status == HttpStatusCode.NotFound)
                {
                    // The endpoint has no v4 call (an older replica): every later call goes to v2 at once.
                    _noV4Call = v2 = true;
                    _logger.LogInformation("POST {Path} answered 404; using the v2 call and polling from now on", path);
                    path = $"api/v2/canister/{ecid}/call";
                    answer = await _transport.PostAsync(path, request.Body, cancellationToken).ConfigureAwait(false);
                }
                if (v2 && answer.Status == HttpStatusCode.OK) throw NonReplicatedReject(method, answer.Body);
            }
            catch (TransportFailure e)
            {
                _logger.LogWarning("{Method}: {Reason}; the call may have been received, polling its status", method, e.Message);
                return await PollAsync(request, effectiveCanisterId, method, e, cancellationToken).ConfigureAwait(false);
            }
            switch (answer.Status)
            {
                case HttpStatusCode.Accepted:
                    return await PollAsync(request, effectiveCanisterId, method, null, cancellationToken).ConfigureAwait(false);
                case HttpStatusCode.OK:
                    return await SyncReplyAsync(request, effectiveCanisterId, method, answer.Body, cancellationToken).ConfigureAwait(false);
                default:
                    var refused = new IcHttpException(answer.Status, path, answer.Text);
                    if (await ResyncAfterRefusedExpiryAsync(refused, attempt, Identity, effectiveCanisterId, method, cancellationToken).ConfigureAwait(false))
                    {
                        request = SignCall(canisterId, method, arg);
                        continue;
                    }
                    throw refused;
            }
        }
    }

    /// <summary>
    /// Whether to send a newly signed request after re-syncing the clock: only for the first refusal of a signed
    /// request's <c>ingress_expiry</c>. Such a request was refused at validation, so it was never processed.
    /// Anonymous requests are never refused for their expiry on reads, and the re-sync itself is one of them.
    /// </summary>
    private async Task<bool> ResyncAfterRefusedExpiryAsync(IcHttpException refused, int attempt, IIdentity identity, Principal ecid, string what, CancellationToken cancellationToken)
    {
        if (!refused.IsInvalidExpiry || attempt > 0 || identity is AnonymousIdentity) return false;
        _logger.LogWarning("{What}: the IC refused the ingress expiry; re-syncing the clock (offset now {Offset})", what, Verifier.Clock.Offset);
        try
        {
            await SyncTimeAsync(ecid, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IcUnknownOutcomeException or IcHttpException)
        {
            // The refused request was not processed: its refusal is the answer, the failed re-sync the reason it stands.
            _logger.LogError(e, "{What}: re-syncing the clock failed; the request stays refused", what);
            return false;
        }
    }

    private SignedRequest SignCall(Principal canisterId, string method, byte[] arg) =>
        SignedRequest.Create(RequestContent.Call(canisterId, method, arg, Identity.Sender,
            Verifier.Clock.IngressExpiry(_options.IngressExpiry), RandomNumberGenerator.GetBytes(16)), Identity);

    private async Task<byte[]> SyncReplyAsync(SignedRequest request, Principal ecid, string method, byte[] body, CancellationToken cancellationToken)
    {
        Dictionary<string, object> reply;
        VerifiedCertificate? certificate = null;
        try
        {
            reply = CborValue.ReadMap(body, "call response");
            var status = CborValue.Get<string>(reply, "status", "call response");
            if (status == "non_replicated_rejection") throw NonReplicatedReject(method, body);
            if (status != "replied") throw new IcProtocolException($"The call response has status '{status}'.");
            certificate = Verify(CborValue.Get<byte[]>(reply, "certificate", "call response"), ecid);
        }
        catch (IcProtocolException e)
        {
            throw new IcUnknownOutcomeException(method, $"the synchronous answer could not be trusted: {e.Message}", e);
        }
        return Outcome(certificate, request.RequestId, method) is { } final
            ? final
            : await PollAsync(request, ecid, method, null, cancellationToken).ConfigureAwait(false);
    }

    private static IcRejectException NonReplicatedReject(string method, byte[] body)
    {
        try
        {
            var map = CborValue.ReadMap(body, "reject");
            return new IcRejectException(method, ToRejectCode(CborValue.Get<ulong>(map, "reject_code", "reject")),
                CborValue.Find<string>(map, "reject_message") ?? "", CborValue.Find<string>(map, "error_code"), certified: false);
        }
        catch (IcProtocolException e)
        {
            throw new IcUnknownOutcomeException(method, $"an uncertified reject could not be read: {e.Message}", e);
        }
    }

    private static RejectCode ToRejectCode(ulong code) => code is >= 1 and <= 6 ? (RejectCode)code : RejectCode.SysUnknown;

    /// <summary>The final reply in a verified certificate, null while the call is still pending; throws on a reject or <c>done</c>.</summary>
    private static byte[]? Outcome(VerifiedCertificate certificate, byte[] requestId, string method)
    {
        var status = certificate.Lookup("request_status", requestId, "status");
        if (status.Status != LookupStatus.Found) return null; // not yet received (Absent) or not shown (Unknown)
        switch (System.Text.Encoding.UTF8.GetString(status.Value!))
        {
            case "replied":
                var reply = certificate.Lookup("request_status", requestId, "reply");
                return reply.Status == LookupStatus.Found
                    ? reply.Value!
                    : throw new IcUnknownOutcomeException(method, $"the certificate says replied but its reply is {reply.Status}");
            case "rejected":
                var code = certificate.Lookup("request_status", requestId, "reject_code");
                var message = certificate.Lookup("request_status", requestId, "reject_message");
                var errorCode = certificate.Lookup("request_status", requestId, "error_code");
                if (code.Status != LookupStatus.Found)
                    throw new IcUnknownOutcomeException(method, $"the certificate says rejected but its reject_code is {code.Status}");
                throw new IcRejectException(method, ToRejectCode(Certificate.ReadLeb128(code.Value!, "reject_code")),
                    message.Status == LookupStatus.Found ? System.Text.Encoding.UTF8.GetString(message.Value!) : "",
                    errorCode.Status == LookupStatus.Found ? System.Text.Encoding.UTF8.GetString(errorCode.Value!) : null);
            case "done":
                throw new IcUnknownOutcomeException(method, "its status is 'done': the reply was pruned and cannot be read");
            default:
                return null; // received, processing
        }
    }

    private async Task<byte[]> PollAsync(SignedRequest request, Principal ecid, string method, Exception? cause, CancellationToken cancellationToken)
    {
        var time = Verifier.Clock.Time;
        var deadline = time.GetUtcNow() + _options.PollTimeout;
        var backoff = new PollingBackoff(_options.PollInitialDelay, _options.PollMaxDelay);
        var lastError = cause;
        var polls = 0;
        while (true)
        {
            VerifiedCertificate? certificate = null;
            try
            {
                polls++;
                certificate = await ReadStateAsync(ecid, [["request_status"u8.ToArray(), request.RequestId]], cancellationToken).ConfigureAwait(false);
            }
            catch (TransportFailure e)
            {
                lastError = e;
            }
            catch (IcProtocolException e)
            {
                throw new IcUnknownOutcomeException(method, $"polling its status got an answer that could not be trusted: {e.Message}", e);
            }
            if (certificate is not null && Outcome(certificate, request.RequestId, method) is { } reply) return reply;
            if (time.GetUtcNow() >= deadline)
                throw new IcUnknownOutcomeException(method,
                    $"no final status after {_options.PollTimeout.TotalSeconds:F0} s ({polls} polls){(lastError is null ? "" : $"; last error: {lastError.Message}")}", lastError);
            if (polls % 20 == 0)
                _logger.LogInformation("{Method}: still waiting for request {RequestId} after {Polls} polls", method, Convert.ToHexStringLower(request.RequestId), polls);
            await Task.Delay(backoff.Next(), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---------------- read_state ----------------

    /// <summary>Reads certified state at <c>/api/v3/canister/&lt;ecid&gt;/read_state</c>; the certificate is verified before it is returned.</summary>
    /// <exception cref="IcProtocolException">The answer is malformed or fails verification.</exception>
    /// <exception cref="IcHttpException">The request was refused.</exception>
    internal async Task<VerifiedCertificate> ReadStateAsync(Principal ecid, IReadOnlyList<IReadOnlyList<byte[]>> paths, CancellationToken cancellationToken,
        bool checkFreshness = true, IIdentity? identity = null)
    {
        identity ??= Identity;
        var path = $"api/v3/canister/{ecid}/read_state";
        for (var attempt = 0; ; attempt++)
        {
            var request = SignedRequest.Create(RequestContent.ReadState(paths, identity.Sender, Verifier.Clock.IngressExpiry(_options.IngressExpiry)), identity);
            var answer = await _transport.PostAsync(path, request.Body, cancellationToken).ConfigureAwait(false);
            if (answer.Status != HttpStatusCode.OK)
            {
                var refused = new IcHttpException(answer.Status, path, answer.Text);
                if (await ResyncAfterRefusedExpiryAsync(refused, attempt, identity, ecid, "read_state", cancellationToken).ConfigureAwait(false)) continue;
                throw refused;
            }
            var body = CborValue.ReadMap(answer.Body, "read_state response");
            return Verify(CborValue.Get<byte[]>(body, "certificate", "read_state response"), ecid, checkFreshness);
        }
    }

    private VerifiedCertificate Verify(byte[] certificate, Principal ecid, bool checkFreshness = true)
    {
        var verified = Verifier.Verify(certificate, ecid, checkFreshness);
        Verifier.Clock.Observe(verified.Time);
        return verified;
    }

    /// <summary>Reads state and maps failures to the port's vocabulary (unknown outcome for anything but a clear answer).</summary>
    private async Task<VerifiedCertificate> ReadStateForAsync(string what, Principal ecid, IReadOnlyList<IReadOnlyList<byte[]>> paths, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadStateAsync(ecid, paths, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportFailure e)
        {
            throw new IcUnknownOutcomeException(what, e.Message, e);
        }
        catch (IcProtocolException e) when (e is not IcHttpException)
        {
            throw new IcUnknownOutcomeException(what, $"the answer could not be trusted: {e.Message}", e);
        }
    }

    /// <summary>The certified SHA-256 of a canister's module (<c>/canister/&lt;id&gt;/module_hash</c>); null when the canister is empty.</summary>
    /// <exception cref="IcUnknownOutcomeException">No trustworthy answer (the cause is the inner exception).</exception>
    /// <exception cref="IcHttpException">The request was refused.</exception>
    public async Task<byte[]?> ReadModuleHashAsync(Principal canisterId, CancellationToken cancellationToken = default)
    {
        var certificate = await ReadStateForAsync("read_state module_hash", canisterId,
            [["canister"u8.ToArray(), canisterId.Bytes.ToArray(), "module_hash"u8.ToArray()]], cancellationToken).ConfigureAwait(false);
        var hash = certificate.Lookup("canister", canisterId, "module_hash");
        return hash.Status switch
        {
            LookupStatus.Found => hash.Value,
            LookupStatus.Absent => null,
            _ => throw new IcUnknownOutcomeException("read_state module_hash", $"the certificate does not show it ({hash.Status})",
                new CertificateException(CertificateFailure.ValueMissing, $"/canister/{canisterId}/module_hash is {hash.Status}")),
        };
    }

    /// <summary>The certified controllers of a canister (<c>/canister/&lt;id&gt;/controllers</c>), ordered by bytes.</summary>
    /// <exception cref="IcUnknownOutcomeException">No trustworthy answer (or the canister does not exist).</exception>
    /// <exception cref="IcHttpException">The request was refused.</exception>
    public async Task<IReadOnlyList<Principal>> ReadControllersAsync(Principal canisterId, CancellationToken cancellationToken = default)
    {
        var certificate = await ReadStateForAsync("read_state controllers", canisterId,
            [["canister"u8.ToArray(), canisterId.Bytes.ToArray(), "controllers"u8.ToArray()]], cancellationToken).ConfigureAwait(false);
        var controllers = certificate.Lookup("canister", canisterId, "controllers");
        if (controllers.Status != LookupStatus.Found)
            throw new IcUnknownOutcomeException("read_state controllers", $"the certificate does not show them ({controllers.Status})",
                new CertificateException(CertificateFailure.ValueMissing, $"/canister/{canisterId}/controllers is {controllers.Status}"));
        try
        {
            var reader = new System.Formats.Cbor.CborReader(controllers.Value!, System.Formats.Cbor.CborConformanceMode.Lax);
            Certificate.SkipSelfDescribedTag(reader);
            var list = new List<Principal>();
            reader.ReadStartArray();
            while (reader.PeekState() != System.Formats.Cbor.CborReaderState.EndArray) list.Add(Principal.FromBytes(reader.ReadByteString()));
            reader.ReadEndArray();
            list.Sort();
            return list;
        }
        catch (Exception e) when (e is System.Formats.Cbor.CborContentException or InvalidOperationException or ArgumentException)
        {
            throw new IcUnknownOutcomeException("read_state controllers", "the controllers are not a CBOR list of principals",
                new IcProtocolException($"Malformed controllers: {e.Message}", e));
        }
    }

    /// <summary>
    /// Learns the clock offset from a certified <c>/time</c> (its freshness not checked, its signature and ranges
    /// are), bounded by <see cref="ServerClock.MaxCorrection"/>. Done when the IC refuses an expiry. The request is
    /// anonymous: the IC accepts any expiry on anonymous read_state, so a wrong clock cannot block its own repair.
    /// </summary>
    /// <exception cref="IcUnknownOutcomeException">No trustworthy answer (the cause is the inner exception).</exception>
    /// <exception cref="IcHttpException">The request was refused.</exception>
    public async Task SyncTimeAsync(Principal effectiveCanisterId, CancellationToken cancellationToken = default)
    {
        VerifiedCertificate certificate;
        try
        {
            certificate = await ReadStateAsync(effectiveCanisterId, [["time"u8.ToArray()]], cancellationToken, checkFreshness: false,
                identity: AnonymousIdentity.Instance).ConfigureAwait(false);
        }
        catch (TransportFailure e)
        {
            throw new IcUnknownOutcomeException("read_state time", e.Message, e);
        }
        catch (IcProtocolException e) when (e is not IcHttpException)
        {
            throw new IcUnknownOutcomeException("read_state time", $"the answer could not be trusted: {e.Message}", e);
        }
        if (!Verifier.Clock.Observe(certificate.Time))
            _logger.LogError("The IC's time {Time:O} is further from the local clock than {Max}; not correcting. Fix the host clock.",
                certificate.Time, Verifier.Clock.MaxCorrection);
    }

    // ---------------- queries ----------------

    /// <summary>Makes a query; with <see cref="IcAgentOptions.VerifyQuerySignatures"/> the reply's node signatures are checked.</summary>
    /// <exception cref="IcRejectException">The query was rejected (signed by a node, not certified by the subnet).</exception>
    /// <exception cref="IcUnknownOutcomeException">No trustworthy answer.</exception>
    public async Task<byte[]> QueryAsync(Principal canisterId, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken cancellationToken = default)
    {
        var path = $"api/v3/canister/{effectiveCanisterId}/query";
        try
        {
            SignedRequest request;
            HttpAnswer answer;
            for (var attempt = 0; ; attempt++)
            {
                var content = RequestContent.Query(canisterId, method, arg, Identity.Sender, Verifier.Clock.IngressExpiry(_options.IngressExpiry), RandomNumberGenerator.GetBytes(16));
                request = SignedRequest.Create(content, Identity);
                answer = await _transport.PostAsync(path, request.Body, cancellationToken).ConfigureAwait(false);
                if (answer.Status == HttpStatusCode.OK) break;
                var refused = new IcHttpException(answer.Status, path, answer.Text);
                if (!await ResyncAfterRefusedExpiryAsync(refused, attempt, Identity, effectiveCanisterId, method, cancellationToken).ConfigureAwait(false)) throw refused;
            }
            var reply = CborValue.ReadMap(answer.Body, "query response");
            var status = CborValue.Get<string>(reply, "status", "query response");
            if (_options.VerifyQuerySignatures)
                await _querySignatures.VerifyAsync(effectiveCanisterId, request.RequestId, reply, status, cancellationToken).ConfigureAwait(false);
            return status switch
            {
                "replied" => CborValue.Get<byte[]>(CborValue.Get<Dictionary<string, object>>(reply, "reply", "query response"), "arg", "query reply"),
                "rejected" => throw new IcRejectException(method, ToRejectCode(CborValue.Get<ulong>(reply, "reject_code", "query reject")),
                    CborValue.Find<string>(reply, "reject_message") ?? "", CborValue.Find<string>(reply, "error_code"), certified: false),
                _ => throw new IcProtocolException($"The query response has status '{status}'."),
            };
        }
        catch (TransportFailure e)
        {
            throw new IcUnknownOutcomeException(method, e.Message, e);
        }
        catch (IcProtocolException e) when (e is not IcHttpException)
        {
            throw new IcUnknownOutcomeException(method, $"the query answer could not be trusted: {e.Message}", e);
        }
    }
}
