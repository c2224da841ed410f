using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Physics;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Benchgen.Rendering;

/// <summary>Renders the canonical model from the 24 default cameras into a preview bundle and a contact sheet.</summary>
public sealed class RenderScenarioConsumer(IClaimCheckStore claimChecks, RenderWorkerPool pool, IOptions<MujocoLimits>? limits = null, IBus? bus = null)
    : IConsumer<RenderScenario>
{
    /// <summary>Meter <c>Benchgen.Rendering</c>: render time per scenario (queue wait for a worker included) and views rendered.</summary>
    public const string MeterName = "Benchgen.Rendering";
    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    private static readonly System.Diagnostics.Metrics.Histogram<double> RenderSeconds = Meter.CreateHistogram<double>(
        "benchgen.rendering.duration", "s", "Time to render one scenario's views, bundle and contact sheet, waiting for a render worker included.");
    private static readonly System.Diagnostics.Metrics.Counter<long> Views = Meter.CreateCounter<long>(
        "benchgen.rendering.views", description: "Views rendered (renders per second = the rate of this counter).");

    public async Task Consume(ConsumeContext<RenderScenario> context)
    {
        var m = context.Message;
        await bus.ReportStartedAsync(null, m.SessionId, "rendering", m.Attempt, m.Nonce);
        string mjcf;
        try
        {
            mjcf = await claimChecks.GetTextAsync(m.SessionId, m.Model, context.CancellationToken);
        }
        catch (Exception ex) when (ex is ClaimCheckRefusedException or ClaimCheckNotFoundException)
        {
            // Permanent: an address outside this session's staging prefix is never read, a lost claim stays lost.
            await context.Publish(new RenderingFailed(m.SessionId, m.Attempt, ex.Message, m.Nonce), context.CancellationToken);
            return;
        }

        RenderOutput output;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            output = await pool.RunAsync(renderer => Render(renderer, mjcf, m.PayloadBody, limits?.Value), context.CancellationToken);
            RenderSeconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            Views.Add(output.ViewCount);
        }
        catch (MujocoException ex)
        {
            // A model that validated but cannot be loaded for rendering will not load on a retry either.
            await context.Publish(new RenderingFailed(m.SessionId, m.Attempt, ex.Message, m.Nonce), context.CancellationToken);
            return;
        }

        var bundle = await claimChecks.PutBytesAsync(m.SessionId, output.PreviewBundle, context.CancellationToken);
        var sheet = await claimChecks.PutBytesAsync(m.SessionId, output.ContactSheet, context.CancellationToken);
        await context.Publish(new ScenarioRendered(m.SessionId, m.Attempt, bundle, sheet, output.ViewCount, m.Nonce), context.CancellationToken);
    }

    /// <param name="limits">The MuJoCo budget (section <c>Mujoco</c>): the model passes the same gate as in validation.</param>
    public static RenderOutput Render(OffscreenRenderer renderer, string mjcf, string payloadBody, MujocoLimits? limits = null)
    {
        using var model = MujocoModel.Compile(mjcf, limits: limits);
        model.Forward();
        var views = ViewPlanner.Default24(model, (double)renderer.Width / renderer.Height).Select(camera => renderer.Render(model, camera)).ToList();
        var first = views[0].Image;
        // A body on a joint of another body (a drawer in its cabinet) is a part of a fixture, not a free payload.
        var payload = model.Bodies.FirstOrDefault(b => b.Name == payloadBody);
        var isPart = payload is { IsFree: false, ParentId: > 0 } && model.Joints.Any(j => j.BodyId == payload.Id);
        var bundle = PreviewBundle.Create(views, first.Width, first.Height, payloadBody, isPart);
        var sheet = Png.Encode(ContactSheet.Compose(views.Select(v => v.Image).ToList(),
            labels: views.Select(v => v.Camera.Name).ToList(), legend: ContactSheet.ZoneLegend));
        return new RenderOutput(bundle, sheet, views.Count);
    }
}

public sealed record RenderOutput(byte[] PreviewBundle, byte[] ContactSheet, int ViewCount);
