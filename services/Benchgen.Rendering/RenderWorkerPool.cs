using System.Collections.Concurrent;
using Benchgen.Physics;
using Microsoft.Extensions.Options;

namespace Benchgen.Rendering;

/// <summary>
/// Dedicated rendering threads, each owning one OSMesa context for its lifetime: GL contexts are bound to a thread
/// and cost ~85 ms to create, so they are made once and reused; the thread count bounds rendering by cores.
/// </summary>
public sealed class RenderWorkerPool : IDisposable
{
    readonly BlockingCollection<IRenderJob> jobs = new();
    readonly List<Thread> threads = [];
    readonly RenderingOptions options;

    public RenderWorkerPool(IOptions<RenderingOptions> options)
    {
        this.options = options.Value;
        var count = this.options.Threads > 0 ? this.options.Threads : Math.Max(1, Environment.ProcessorCount);
        for (var i = 0; i < count; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"benchgen-render-{i}" };
            threads.Add(thread);
            thread.Start();
        }
    }

    public Task<T> RunAsync<T>(Func<OffscreenRenderer, T> work, CancellationToken cancellationToken) =>
        RunAsync((renderer, _) => work(renderer), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on a rendering thread with its views renderer (<c>Rendering:Width</c> ×
    /// <c>Height</c>) and a getter for its animation renderer (<c>Rendering:AnimationWidth</c> × <c>AnimationHeight</c>,
    /// made on first use and kept with the thread).
    /// </summary>
    public Task<T> RunAsync<T>(Func<OffscreenRenderer, Func<OffscreenRenderer>, T> work, CancellationToken cancellationToken)
    {
        var job = new RenderJob<T>(work);
        cancellationToken.Register(() => job.Completion.TrySetCanceled(cancellationToken));
        jobs.Add(job, cancellationToken);
        return job.Completion.Task;
    }

    void Work()
    {
        OffscreenRenderer? renderer = null;
        OffscreenRenderer? animation = null;
        OffscreenRenderer Animation() => animation ??= new OffscreenRenderer(options.AnimationWidth, options.AnimationHeight);
        try
        {
            foreach (var job in jobs.GetConsumingEnumerable())
            {
                try
                {
                    renderer ??= new OffscreenRenderer(options.Width, options.Height);
                }
                catch (Exception ex)
                {
                    // No GL context (e.g. OSMesa missing): fail the job with the cause and try again for the next one.
                    job.Fail(ex);
                    continue;
                }

                job.Run(renderer, Animation);
            }
        }
        catch (ObjectDisposedException)
        {
            // The pool was disposed while this thread was still rendering (Dispose waits only so long): nothing is left
            // to take. A background thread must not throw: it would end the whole process.
        }
        finally
        {
            renderer?.Dispose();
            animation?.Dispose();
        }
    }

    interface IRenderJob
    {
        void Run(OffscreenRenderer renderer, Func<OffscreenRenderer> animation);
        void Fail(Exception exception);
    }

    sealed class RenderJob<T>(Func<OffscreenRenderer, Func<OffscreenRenderer>, T> work) : IRenderJob
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(OffscreenRenderer renderer, Func<OffscreenRenderer> animation)
        {
            if (Completion.Task.IsCompleted)
            {
                return;
            }

            try
            {
                Completion.TrySetResult(work(renderer, animation));
            }
            catch (Exception ex)
            {
                Completion.TrySetException(ex);
            }
        }

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    public void Dispose()
    {
        jobs.CompleteAdding();
        var stopped = true;
        foreach (var thread in threads)
        {
            stopped &= thread.Join(TimeSpan.FromSeconds(5));
        }

        // A thread still rendering finishes its job and then sees the collection completed; disposing the collection
        // under it would make its next take throw, so leave that to the garbage collector.
        if (stopped)
        {
            jobs.Dispose();
        }
    }
}

public sealed class RenderingOptions
{
    public const string Section = "Rendering";
    public int Width { get; set; } = 640;
    public int Height { get; set; } = 480;
    /// <summary>Rendering threads (one GL context each); 0 means one per core.</summary>
    public int Threads { get; set; }

    /// <summary>The reference-solution animation: frame size, frame count and time per frame (48 × 8 cs ≈ 3.8 s).</summary>
    public int AnimationWidth { get; set; } = 240;
    public int AnimationHeight { get; set; } = 180;
    public int AnimationFrames { get; set; } = 48;
    public int AnimationDelayCentiseconds { get; set; } = 8;

    public Physics.AnimationSettings Animation =>
        new(Math.Clamp(AnimationFrames, 1, 1000), Math.Clamp(AnimationDelayCentiseconds, 1, 1000));
}
