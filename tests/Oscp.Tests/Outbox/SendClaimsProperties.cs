using CsCheck;
using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Oscp.Tests.Outbox;

/// <summary>
/// The send claim that keeps two activations of one site (possible for a moment while silos come and go) from having
/// the same outbox message on the wire at once: examples of each decision, then properties over random claims and over
/// random histories of activations sharing one ETag-checked row.
/// </summary>
public sealed class SendClaimsProperties
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(35);
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static SendClaim Claim(string activation, long message, DateTimeOffset at) => new() { Activation = activation, MessageId = message, At = at };

    [Fact]
    public void An_unclaimed_message_is_claimed_first_and_a_fresh_claim_of_ones_own_sends_it()
    {
        Assert.Equal(SendDecision.ClaimFirst, SendClaims.Decide(null, "a", 1, T0, Longest));
        Assert.Equal(SendDecision.Send, SendClaims.Decide(Claim("a", 1, T0), "a", 1, T0, Longest));
        Assert.Equal(SendDecision.Send, SendClaims.Decide(Claim("a", 1, T0), "a", 1, T0 + Longest, Longest));
        // Too old to cover a whole send, or claimed for another message: claimed again.
        Assert.Equal(SendDecision.ClaimFirst, SendClaims.Decide(Claim("a", 1, T0), "a", 1, T0 + Longest + TimeSpan.FromTicks(1), Longest));
        Assert.Equal(SendDecision.ClaimFirst, SendClaims.Decide(Claim("a", 1, T0), "a", 2, T0, Longest));
    }

    [Fact]
    public void Another_activations_claim_holds_back_every_message_for_two_longest_sends_and_no_longer()
    {
        var theirs = Claim("b", 1, T0);
        Assert.Equal(SendDecision.Wait, SendClaims.Decide(theirs, "a", 1, T0, Longest));
        Assert.Equal(SendDecision.Wait, SendClaims.Decide(theirs, "a", 7, T0 + 2 * Longest - TimeSpan.FromTicks(1), Longest));
        Assert.Equal(SendDecision.ClaimFirst, SendClaims.Decide(theirs, "a", 1, T0 + 2 * Longest, Longest));
        // Dated far ahead (a clock far off): taken as run out rather than holding the site back for longer than a hold.
        Assert.Equal(SendDecision.ClaimFirst, SendClaims.Decide(Claim("b", 1, T0 + 3 * Longest), "a", 1, T0, Longest));
    }

    [Fact]
    public void A_claim_whose_silo_left_the_cluster_binds_nobody()
    {
        Assert.Equal(SendDecision.ClaimFirst, SendClaims.Decide(Claim("b", 1, T0), "a", 1, T0, Longest, claimantGone: true));
        Assert.False(SendClaims.Blocks(Claim("b", 1, T0), "a", T0, Longest, claimantGone: true));
        Assert.True(SendClaims.Blocks(Claim("b", 1, T0), "a", T0, Longest, claimantGone: false));
    }

    [Fact]
    public void A_write_claims_the_next_message_clears_a_claim_with_nothing_to_send_and_keeps_a_claim_on_the_wire_or_another_activations()
    {
        var claimed = SendClaims.ForWrite(null, "a", "silo-a", onWire: false, next: 4, T0, Longest);
        Assert.Equal(("a", "silo-a", 4L, T0), (claimed!.Activation, claimed.Silo, claimed.MessageId, claimed.At));
        Assert.Null(SendClaims.ForWrite(Claim("a", 4, T0), "a", "silo-a", onWire: false, next: null, T0 + Longest, Longest));
        var mine = Claim("a", 4, T0);
        Assert.Same(mine, SendClaims.ForWrite(mine, "a", "silo-a", onWire: true, next: null, T0 + Longest, Longest));
        var theirs = Claim("b", 4, T0);
        Assert.Same(theirs, SendClaims.ForWrite(theirs, "a", "silo-a", onWire: false, next: 4, T0 + Longest, Longest));
        // Theirs no longer binds (run out, or their silo gone): this write claims.
        Assert.Equal("a", SendClaims.ForWrite(theirs, "a", "silo-a", onWire: false, next: 4, T0 + 2 * Longest, Longest)!.Activation);
        Assert.Equal("a", SendClaims.ForWrite(theirs, "a", "silo-a", onWire: false, next: 4, T0, Longest, claimantGone: true)!.Activation);
    }

    private static readonly Gen<(long AtOffsetMs, long NowOffsetMs, bool Own, bool SameMessage)> GenCase =
        Gen.Select(Gen.Long[-200_000, 200_000], Gen.Long[-200_000, 200_000], Gen.Bool, Gen.Bool);

    [Fact]
    public void Nobody_waits_longer_than_one_hold_from_now() =>
        GenCase.Sample(c =>
        {
            var now = T0 + TimeSpan.FromMilliseconds(c.NowOffsetMs);
            var claim = Claim(c.Own ? "a" : "b", 1, T0 + TimeSpan.FromMilliseconds(c.AtOffsetMs));
            if (SendClaims.Decide(claim, "a", c.SameMessage ? 1 : 2, now, Longest) != SendDecision.Wait) return;
            Assert.False(c.Own);
            Assert.True(now < claim.At + SendClaims.Hold(Longest));
        });

    [Fact]
    public void A_send_that_left_under_a_claim_has_ended_before_another_activation_may_claim() =>
        Gen.Select(Gen.Long[0, 200_000], Gen.Long[0, 200_000]).Sample((leaveMs, otherMs) =>
        {
            var left = T0 + TimeSpan.FromMilliseconds(leaveMs);
            var other = T0 + TimeSpan.FromMilliseconds(otherMs);
            if (!SendClaims.MayLeave(T0, left, Longest) || SendClaims.Decide(Claim("a", 1, T0), "b", 1, other, Longest) == SendDecision.Wait) return;
            Assert.True(other >= left + Longest, $"left {leaveMs} ms after the claim, another activation free at {otherMs} ms");
        });

    /// <summary>One step of a history: which activation acts and how, and how far the clock moves first.</summary>
    private sealed record Step(int Actor, int Action, int AdvanceMs, int SendMs);

    /// <summary>
    /// Mostly small steps of the clock (activations acting within one send of each other, where the races are), now and
    /// then one past a claim's life.
    /// </summary>
    private static readonly Gen<int> GenAdvance = Gen.Frequency((6, Gen.Int[0, 2_000]), (2, Gen.Int[0, 20_000]), (1, Gen.Int[0, 80_000]));

    private static readonly Gen<Step[]> GenHistory = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 4], GenAdvance, Gen.Int[0, 35_000])
        .Select((actor, action, advance, send) => new Step(actor, action, advance, send)).Array[1, 80];

    [Fact]
    public void Over_random_histories_two_activations_never_have_the_same_message_on_the_wire_at_once() =>
        GenHistory.Sample(history =>
        {
            var model = new SharedRow(messages: 3);
            foreach (var step in history) model.Apply(step);
            // Every send of one message, from whichever activation: no two overlap.
            foreach (var sends in model.Sends.GroupBy(s => s.Message))
            {
                var ordered = sends.OrderBy(s => s.From).ToList();
                for (var i = 1; i < ordered.Count; i++)
                    Assert.True(ordered[i].From >= ordered[i - 1].To, $"message {sends.Key} on the wire twice: {ordered[i - 1]} and {ordered[i]}");
            }
        }, iter: 3_000);

    /// <summary>
    /// The outbox row (ETag-checked) and up to three activations of the site, each with the row as it last read or wrote
    /// it, following the site grain's rules: an activation whose write fails is gone (a new one reads the row). A killed
    /// activation's silo is declared dead: its claim binds nobody from then on, and its send on the wire ends there (the
    /// connection goes with the process).
    /// </summary>
    private sealed class SharedRow(int messages)
    {
        private sealed class View
        {
            public required string Id { get; init; }
            public int ETag { get; set; }
            public List<long> Queued { get; set; } = [];
            public SendClaim? Claim { get; set; }
            public (long Message, DateTimeOffset Ends)? OnWire { get; set; }
        }

        private int etag;
        private List<long> queued = Enumerable.Range(1, messages).Select(i => (long)i).ToList();
        private SendClaim? claim;
        private DateTimeOffset now = T0;
        private int created;
        private readonly View?[] activations = new View?[3];
        private readonly HashSet<string> dead = [];

        public List<(long Message, string By, DateTimeOffset From, DateTimeOffset To)> Sends { get; } = [];

        public void Apply(Step step)
        {
            now += TimeSpan.FromMilliseconds(step.AdvanceMs);
            var a = activations[step.Actor] ??= Load();
            switch (step.Action)
            {
                case 0: TrySend(step.Actor, a, step.SendMs); break;
                case 1: Finish(step.Actor, a); break;
                case 2: Write(step.Actor, a); break;
                case 3: Kill(step.Actor, a); break;
                default: if (a.Claim is { } c && SendClaims.Blocks(c, a.Id, now, Longest, Gone(c))) Read(a); break; // looks again
            }
        }

        private bool Gone(SendClaim claim) => dead.Contains(claim.Activation);

        /// <summary>Killed with its silo: its send on the wire is cut; a new activation loads the row.</summary>
        private void Kill(int actor, View a)
        {
            dead.Add(a.Id);
            if (a.OnWire is { } wire)
            {
                var i = Sends.FindLastIndex(s => s.By == a.Id && s.Message == wire.Message);
                if (Sends[i].To > now) Sends[i] = Sends[i] with { To = now };
            }

            activations[actor] = Load();
        }

        private View Load()
        {
            var view = new View { Id = "act" + created++ };
            Read(view);
            return view;
        }

        private void Read(View view)
        {
            view.ETag = etag;
            view.Queued = [.. queued];
            view.Claim = claim is null ? null : Claim(claim.Activation, claim.MessageId, claim.At);
        }

        private long? Head(View a) => a.OnWire is null && a.Queued.Count > 0 ? a.Queued[0] : null;

        private void TrySend(int actor, View a, int sendMs)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                if (Head(a) is not { } head) return;
                switch (SendClaims.Decide(a.Claim, a.Id, head, now, Longest, a.Claim is { } c && Gone(c)))
                {
                    case SendDecision.Send:
                        var ends = now + TimeSpan.FromMilliseconds(sendMs);
                        a.OnWire = (head, ends);
                        Sends.Add((head, a.Id, now, ends));
                        return;
                    case SendDecision.ClaimFirst:
                        if (!Write(actor, a)) return;
                        break;
                    default:
                        return;
                }
            }
        }

        /// <summary>The answer came (the send's time is up): the message leaves the activation's outbox, stored.</summary>
        private void Finish(int actor, View a)
        {
            if (a.OnWire is not { } wire || now < wire.Ends) return;
            a.OnWire = null;
            a.Queued.Remove(wire.Message);
            Write(actor, a);
        }

        /// <summary>A write of the row, carrying the claim the site grain sets (<see cref="SendClaims.ForWrite"/>); false (and the activation gone) on an ETag mismatch.</summary>
        private bool Write(int actor, View a)
        {
            if (a.ETag != etag)
            {
                activations[actor] = null;
                return false;
            }

            a.Claim = SendClaims.ForWrite(a.Claim, a.Id, silo: null, a.OnWire is not null, Head(a), now, Longest, a.Claim is { } c && Gone(c));
            queued = [.. a.Queued];
            claim = a.Claim is null ? null : Claim(a.Claim.Activation, a.Claim.MessageId, a.Claim.At);
            a.ETag = ++etag;
            return true;
        }
    }
}
