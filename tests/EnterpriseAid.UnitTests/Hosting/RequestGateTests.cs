using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace EnterpriseAid.UnitTests.Hosting;

/// <summary>
/// The request gate (ADR-036): a limited number of requests run at once, the others wait in arrival order; a full
/// queue or a long wait answers 503 without running the request; a client that leaves while waiting frees its place;
/// endpoints marked outside the gate never wait.
/// </summary>
public sealed class RequestGateTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    /// <summary>A request the test holds inside the gate until it lets go.</summary>
    private sealed class Held
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public HttpContext Context { get; } = new DefaultHttpContext();
        public Task Running { get; set; } = Task.CompletedTask;

        public RequestDelegate Next(List<Held>? order = null) => async _ =>
        {
            if (order is not null) lock (order) order.Add(this);
            Entered.SetResult();
            await Release.Task;
        };
    }

    private static RequestGate Gate(int concurrent, int queue = 100, double timeoutSeconds = 30) =>
        new(new RequestGateOptions { ConcurrentRequests = concurrent, QueueLimit = queue, QueueTimeout = TimeSpan.FromSeconds(timeoutSeconds) });

    private static Held Start(RequestGate gate, List<Held>? order = null)
    {
        var held = new Held();
        held.Running = gate.InvokeAsync(held.Context, held.Next(order));
        return held;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Soon;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the condition did not come true");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Requests_beyond_the_limit_wait_and_run_in_the_order_they_came_as_places_free_up()
    {
        using var gate = Gate(2);
        var order = new List<Held>();
        var first = Start(gate, order);
        var second = Start(gate, order);
        await Task.WhenAll(first.Entered.Task, second.Entered.Task).WaitAsync(Soon);

        var waiting = new List<Held>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add(Start(gate, order));
            var count = i + 1;
            await WaitUntil(() => gate.Waiting == count);
        }
        gate.Running.ShouldBe(2);
        waiting.ShouldAllBe(w => !w.Entered.Task.IsCompleted);

        first.Release.SetResult();
        await first.Running.WaitAsync(Soon);
        await waiting[0].Entered.Task.WaitAsync(Soon);
        waiting[1].Entered.Task.IsCompleted.ShouldBeFalse();

        second.Release.SetResult();
        await waiting[1].Entered.Task.WaitAsync(Soon);
        waiting[2].Entered.Task.IsCompleted.ShouldBeFalse();
        waiting[0].Release.SetResult();
        await waiting[2].Entered.Task.WaitAsync(Soon);
        waiting[1].Release.SetResult();
        waiting[2].Release.SetResult();
        await Task.WhenAll(waiting.Select(w => w.Running)).WaitAsync(Soon);

        order.ShouldBe([first, second, waiting[0], waiting[1], waiting[2]]);
        waiting.ShouldAllBe(w => w.Context.Response.StatusCode == StatusCodes.Status200OK);
        gate.Running.ShouldBe(0);
        gate.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task A_request_that_finds_the_queue_full_is_answered_503_with_Retry_After_and_never_runs()
    {
        using var gate = Gate(1, queue: 1);
        var running = Start(gate);
        await running.Entered.Task.WaitAsync(Soon);
        var queued = Start(gate);
        await WaitUntil(() => gate.Waiting == 1);

        var refused = Start(gate);
        await refused.Running.WaitAsync(Soon);

        refused.Entered.Task.IsCompleted.ShouldBeFalse();
        refused.Context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldNotBeNullOrEmpty();
        refused.Context.Items.ContainsKey(RequestGate.RefusedItem).ShouldBeTrue();

        running.Release.SetResult();
        await queued.Entered.Task.WaitAsync(Soon);
        queued.Release.SetResult();
        await queued.Running.WaitAsync(Soon);
        queued.Context.Items.ContainsKey(RequestGate.RefusedItem).ShouldBeFalse();
    }

    [Fact]
    public async Task A_request_that_waits_longer_than_the_queue_timeout_is_answered_503_and_never_runs()
    {
        using var gate = Gate(1, timeoutSeconds: 0.2);
        var running = Start(gate);
        await running.Entered.Task.WaitAsync(Soon);

        var late = Start(gate);
        await late.Running.WaitAsync(Soon);

        late.Entered.Task.IsCompleted.ShouldBeFalse();
        late.Context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        gate.Waiting.ShouldBe(0);
        running.Release.SetResult();
        await running.Running.WaitAsync(Soon);
        gate.Running.ShouldBe(0);
    }

    [Fact]
    public async Task A_client_that_leaves_while_waiting_frees_its_place_and_its_request_never_runs()
    {
        using var gate = Gate(1);
        var running = Start(gate);
        await running.Entered.Task.WaitAsync(Soon);

        using var gone = new CancellationTokenSource();
        var leaving = new Held();
        leaving.Context.RequestAborted = gone.Token;
        leaving.Running = gate.InvokeAsync(leaving.Context, leaving.Next());
        var after = Start(gate);
        await WaitUntil(() => gate.Waiting == 2);

        await gone.CancelAsync();
        await leaving.Running.WaitAsync(Soon);
        leaving.Entered.Task.IsCompleted.ShouldBeFalse();
        leaving.Context.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        leaving.Context.Items.ContainsKey(RequestGate.RefusedItem).ShouldBeFalse();

        running.Release.SetResult();
        await after.Entered.Task.WaitAsync(Soon);
        after.Release.SetResult();
        await after.Running.WaitAsync(Soon);
        gate.Running.ShouldBe(0);
        gate.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task A_request_that_fails_gives_its_place_back()
    {
        using var gate = Gate(1);
        await Should.ThrowAsync<InvalidOperationException>(() =>
            gate.InvokeAsync(new DefaultHttpContext(), _ => throw new InvalidOperationException("boom")));
        gate.Running.ShouldBe(0);

        var next = Start(gate);
        await next.Entered.Task.WaitAsync(Soon);
        next.Release.SetResult();
        await next.Running.WaitAsync(Soon);
    }

    [Fact]
    public async Task Endpoints_outside_the_gate_run_while_the_gate_is_full()
    {
        using var gate = Gate(1, queue: 0);
        var running = Start(gate);
        await running.Entered.Task.WaitAsync(Soon);

        var download = new Held();
        download.Context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(OutsideRequestGateMetadata.Instance), "download"));
        download.Running = gate.InvokeAsync(download.Context, download.Next());
        await download.Entered.Task.WaitAsync(Soon);
        download.Release.SetResult();
        await download.Running.WaitAsync(Soon);
        download.Context.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);

        var page = Start(gate);
        await page.Running.WaitAsync(Soon);
        page.Context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        running.Release.SetResult();
        await running.Running.WaitAsync(Soon);
    }

    [Fact]
    public async Task With_the_limit_set_to_zero_the_gate_is_off()
    {
        using var gate = Gate(0, queue: 0);
        var all = Enumerable.Range(0, 20).Select(_ => Start(gate)).ToList();
        await Task.WhenAll(all.Select(h => h.Entered.Task)).WaitAsync(Soon);
        all.ForEach(h => h.Release.SetResult());
        await Task.WhenAll(all.Select(h => h.Running)).WaitAsync(Soon);
        gate.Running.ShouldBe(0);
    }

    [Fact]
    public void By_default_four_requests_per_processor_run_at_once()
    {
        var options = new RequestGateOptions();
        options.ConcurrentRequests.ShouldBe(4 * Environment.ProcessorCount);
        options.QueueTimeout.ShouldBe(TimeSpan.FromSeconds(30));
    }
}
