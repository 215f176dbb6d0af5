using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Microsoft.AspNetCore.Http;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

namespace Canic.Fsm.Ic.Tests.Agent;

/// <summary>
/// Random mutations of valid replies, served over HTTP to the real client: either of the whole CBOR body (the
/// certificate then fails to parse or to verify), or of the Candid reply inside a correctly signed certificate.
/// The client must answer correctly or throw one of its typed errors; nothing else may escape.
/// </summary>
[NonParallelizable]
public class HostileReplyPropertyTests
{
    private static readonly Ed25519Identity Alice = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private TestReplica _replica = null!;
    private HttpClient _http = null!;
    private Principal _canister;

    [OneTimeSetUp]
    public async Task Start()
    {
        _replica = await TestReplica.StartAsync();
        _http = new HttpClient();
        _canister = (await Client().ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T")))).CanisterId;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _replica.DisposeAsync();
    }

    private ManagementCanisterClient Client() => new(_replica.Agent(Alice, _http, o => o with { MaxHttpRetries = 0 }));

    [FsCheckProperty(MaxTest = 30)]
    public void Mutated_replies_yield_the_right_answer_or_a_typed_error(int seed)
    {
        var random = new Random(seed);
        var mutateCandid = random.Next(2) == 0;
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call") return false;
            using var request = new MemoryStream();
            await context.Request.Body.CopyToAsync(request);
            var content = (Dictionary<string, object>)CborValue.ReadMap(request.ToArray(), "envelope")["content"];
            var requestId = Canic.Fsm.Ic.Envelope.RequestContent.HashOfMap(content);
            var status = await _replica.Ic.ManagementCanisterFor(Alice.Sender).CanisterStatusAsync(new CanisterIdRecord(_canister));
            var reply = ManagementCandid.EncodeCanisterStatusResult(status);
            if (mutateCandid) reply = Candid.CandidPropertyTests.Mutate(random, reply);
            var certificate = _replica.Certify([
                TreeBuilder.Leaf(TreeBuilder.L("replied"), "request_status", requestId, "status"),
                TreeBuilder.Leaf(reply, "request_status", requestId, "reply")]);
            var body = new MemoryStream();
            var original = context.Response.Body;
            context.Response.Body = body;
            await TestReplica.WriteCbor(context, 200, w =>
            {
                w.WriteStartMap(2);
                w.WriteTextString("status"); w.WriteTextString("replied");
                w.WriteTextString("certificate"); w.WriteByteString(certificate);
                w.WriteEndMap();
            });
            var bytes = body.ToArray();
            if (!mutateCandid) bytes = Candid.CandidPropertyTests.Mutate(random, bytes);
            context.Response.Body = original;
            await original.WriteAsync(bytes);
            return true;
        };
        AnswerOrTypedError(() =>
        {
            // A Candid mutation the decoder accepts (a changed number) is a certified reply and may be returned.
            Client().CanisterStatusAsync(new CanisterIdRecord(_canister)).GetAwaiter().GetResult();
            Assert.That(mutateCandid, Is.True, "a mutated body never verifies");
        });
    }

    /// <summary>Runs <paramref name="run"/>, which asserts the right answer; the only errors allowed are the client's typed ones.</summary>
    private void AnswerOrTypedError(Action run)
    {
        try
        {
            run();
        }
        catch (IcUnknownOutcomeException e)
        {
            Assert.That(e.InnerException, Is.InstanceOf<IcProtocolException>());
        }
        catch (IcRejectException)
        {
        }
        catch (IcHttpException)
        {
        }
        finally
        {
            _replica.Override = null;
        }
    }

    [FsCheckProperty(MaxTest = 30)]
    public void Mutated_query_and_read_state_replies_yield_the_right_answer_or_a_typed_error(int seed)
    {
        var random = new Random(seed);
        var target = random.Next(2) == 0 ? "query" : "read_state";
        var account = new Account(Alice.Sender);
        _replica.Override = async (route, count, context) =>
        {
            // For a query, the node keys (the first read_state) are served intact; the query reply is mutated.
            if (route != target) return false;
            var original = context.Response.Body;
            using var body = new MemoryStream();
            context.Response.Body = body;
            await _replica.DefaultAsync(route, context);
            context.Response.Body = original;
            await original.WriteAsync(Candid.CandidPropertyTests.Mutate(random, body.ToArray()));
            return true;
        };
        var agent = _replica.Agent(Alice, _http, o => o with { MaxHttpRetries = 0 });
        AnswerOrTypedError(() =>
        {
            if (target == "query")
                Assert.That(new CyclesLedgerClient(agent, _replica.LedgerId).BalanceAsync(account).GetAwaiter().GetResult(), Is.EqualTo(Cycles.Zero));
            else
                Assert.That(agent.ReadControllersAsync(_canister).GetAwaiter().GetResult(), Is.EqualTo(new[] { Alice.Sender }));
        });
    }
}
