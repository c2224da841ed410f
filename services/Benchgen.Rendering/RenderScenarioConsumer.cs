using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Physics;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Benchgen.Rendering;

/// <summary>
/// Renders the canonical model from the 24 default cameras into a preview bundle and a contact sheet and, when the
/// request carries the recorded reference replay, the reference solution's animation (a GIF). The animation is part of
/// the bundle: a trajectory that does not read or fit the model, or frames that cannot be drawn, fail the rendering
/// (<see cref="RenderingFailed"/> with the reason), as a model that cannot be drawn does.
/// </summary>
public sealed class RenderScenarioConsumer(IClaimCheckStore claimChecks, RenderWorkerPool pool, IOptions<MujocoLimits>? limits = null,
    IOptions<RenderingOptions>? options = null, IBus? bus = null)
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
        await bus.ReportStartedAsync(null, m.SessionId, "rendering", m.Attempt, m.Nonce, cancellationToken: context.CancellationToken);
        string mjcf;
        string? trajectoryJson = null;
        try
        {
            mjcf = await claimChecks.GetTextAsync(m.SessionId, m.Model, context.CancellationToken);
            if (m.ReferenceTrajectory is { } address)
                trajectoryJson = await claimChecks.GetTextAsync(m.SessionId, address, context.CancellationToken);
        }
        catch (Exception ex) when (ex is ClaimCheckRefusedException or ClaimCheckNotFoundException)
        {
            // Permanent: an address outside this session's staging prefix is never read, a lost claim stays lost.
            await context.Publish(new RenderingFailed(m.SessionId, m.Attempt, ex.Message, m.Nonce), context.CancellationToken);
            return;
        }

        Trajectory? trajectory = null;
        if (trajectoryJson is not null)
        {
            try
            {
                trajectory = Trajectory.Parse(trajectoryJson);
            }
            catch (FormatException ex)
            {
                await context.Publish(new RenderingFailed(m.SessionId, m.Attempt, AnimationFailedException.Prefix + ex.Message, m.Nonce), context.CancellationToken);
                return;
            }
        }

        var settings = (options?.Value ?? new RenderingOptions()).Animation;
        RenderOutput output;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            output = await pool.RunAsync((renderer, animation) => Render(renderer, mjcf, m.PayloadBody, limits?.Value,
                trajectory is null ? null : new AnimationRequest(trajectory, animation, settings)), context.CancellationToken);
            RenderSeconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            Views.Add(output.ViewCount);
        }
        catch (Exception ex) when (ex is MujocoException or AnimationFailedException)
        {
            // A model that validated but cannot be loaded for rendering will not load on a retry either.
            await context.Publish(new RenderingFailed(m.SessionId, m.Attempt, ex.Message, m.Nonce), context.CancellationToken);
            return;
        }

        var bundle = await claimChecks.PutBytesAsync(m.SessionId, output.PreviewBundle, context.CancellationToken);
        var sheet = await claimChecks.PutBytesAsync(m.SessionId, output.ContactSheet, context.CancellationToken);
        var gif = output.Animation is null ? null : await claimChecks.PutBytesAsync(m.SessionId, output.Animation, context.CancellationToken);
        await context.Publish(new ScenarioRendered(m.SessionId, m.Attempt, bundle, sheet, output.ViewCount, m.Nonce, gif), context.CancellationToken);
    }

    /// <param name="limits">The MuJoCo budget (section <c>Mujoco</c>): the model passes the same gate as in validation.</param>
    /// <param name="animation">The recorded reference replay to animate, with the renderer to draw it at; null: no animation.</param>
    /// <exception cref="AnimationFailedException">The animation could not be made (the views could).</exception>
    public static RenderOutput Render(OffscreenRenderer renderer, string mjcf, string payloadBody, MujocoLimits? limits = null,
        AnimationRequest? animation = null)
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
        byte[]? gif = null;
        if (animation is not null)
        {
            try
            {
                gif = Animation.Render(animation.Renderer(), model, animation.Trajectory, animation.Settings);
            }
            catch (Exception ex) when (ex is FormatException or MujocoException or ArgumentException)
            {
                throw new AnimationFailedException(AnimationFailedException.Prefix + ex.Message, ex);
            }
        }
        return new RenderOutput(bundle, sheet, views.Count, gif);
    }
}

/// <summary>What to animate: the recorded trajectory, the renderer (of the animation's size) and the frame settings.</summary>
public sealed record AnimationRequest(Trajectory Trajectory, Func<OffscreenRenderer> Renderer, AnimationSettings Settings);

public sealed record RenderOutput(byte[] PreviewBundle, byte[] ContactSheet, int ViewCount, byte[]? Animation = null);

/// <summary>The reference-solution animation could not be made; a rendering failure (the benchmark is incomplete without it).</summary>
public sealed class AnimationFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string Prefix = "the reference-solution animation could not be made: ";
}
