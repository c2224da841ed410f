namespace Benchgen.Physics;

/// <summary>How the reference-solution animation is drawn: frame count, time per frame, the one view's direction.</summary>
public sealed record AnimationSettings(int Frames = 48, int DelayCentiseconds = 8, double Azimuth = 90, double Elevation = -45)
{
    public static readonly AnimationSettings Default = new();
}

/// <summary>
/// A short GIF of a recorded trajectory (the reference solution replayed by the validator): <see cref="AnimationSettings.Frames"/>
/// poses picked evenly from the first sample to the last, each set on the model (qpos, then Forward) and drawn from one view
/// framed by <see cref="ViewPlanner.Frame"/> on the union of the task's boxes over those poses — so a part lifted or carried
/// stays in the picture. The default view is MuJoCo's default camera (looking along +y, 45° down), the frame the task
/// language's left/right/in front/behind are defined in. Same model, trajectory and renderer size → same bytes.
/// </summary>
public static class Animation
{
    /// <exception cref="FormatException">The trajectory does not fit the model (another nq).</exception>
    public static byte[] Render(OffscreenRenderer renderer, MujocoModel model, Trajectory trajectory, AnimationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trajectory);
        settings ??= AnimationSettings.Default;
        if (settings.Frames is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(settings), settings.Frames, "an animation has 1–1000 frames");
        if (trajectory.PositionCount != model.PositionCount)
            throw new FormatException($"the trajectory has {trajectory.PositionCount} position coordinates per sample, the model {model.PositionCount}");
        if (trajectory.Samples.Count == 0) throw new FormatException("the trajectory has no samples");

        var poses = trajectory.Pick(settings.Frames);
        Aabb? box = null;
        foreach (var q in poses)
        {
            model.SetPositions(q);
            var b = ViewPlanner.TaskBox(model);
            box = box is { } a ? new Aabb(Min(a.Min, b.Min), Max(a.Max, b.Max)) : b;
        }
        var camera = ViewPlanner.Frame(box!.Value, settings.Azimuth, settings.Elevation, model.FieldOfViewY, (double)renderer.Width / renderer.Height);
        var frames = new List<RgbImage>(poses.Count);
        foreach (var q in poses)
        {
            model.SetPositions(q);
            frames.Add(renderer.RenderImage(model, camera));
        }
        return Gif.EncodeAdaptive(frames, settings.DelayCentiseconds);
    }

    private static Vec3 Min(Vec3 a, Vec3 b) => new(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Min(a.Z, b.Z));
    private static Vec3 Max(Vec3 a, Vec3 b) => new(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y), Math.Max(a.Z, b.Z));

    /// <summary>Frames in a GIF (its image descriptors), for tests and checks; the canvas size from its header.</summary>
    public static (int Frames, int Width, int Height) Inspect(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13 || !gif[..6].SequenceEqual("GIF89a"u8) && !gif[..6].SequenceEqual("GIF87a"u8))
            throw new FormatException("not a GIF");
        var width = gif[6] | gif[7] << 8;
        var height = gif[8] | gif[9] << 8;
        var p = 13;
        if ((gif[10] & 0x80) != 0) p += 3 << ((gif[10] & 7) + 1);
        var frames = 0;
        while (p < gif.Length)
        {
            switch (gif[p])
            {
                case 0x3B:
                    return (frames, width, height);
                case 0x21:
                    p += 2;
                    p = SkipBlocks(gif, p);
                    break;
                case 0x2C:
                    frames++;
                    if (p + 10 > gif.Length) throw new FormatException("truncated image descriptor");
                    var packed = gif[p + 9];
                    p += 10;
                    if ((packed & 0x80) != 0) p += 3 << ((packed & 7) + 1);
                    p++; // LZW minimum code size
                    p = SkipBlocks(gif, p);
                    break;
                default:
                    throw new FormatException($"unexpected GIF block 0x{gif[p]:x2} at byte {p}");
            }
        }
        throw new FormatException("the GIF has no trailer");
    }

    private static int SkipBlocks(ReadOnlySpan<byte> gif, int p)
    {
        while (true)
        {
            if (p >= gif.Length) throw new FormatException("truncated GIF sub-blocks");
            var size = gif[p];
            p += 1 + size;
            if (size == 0) return p;
        }
    }
}
