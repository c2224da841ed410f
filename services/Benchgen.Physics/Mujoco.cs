using System.Runtime.InteropServices;

namespace Benchgen.Physics;

public static class Mujoco
{
    /// <summary>Version of the system libmujoco the shim is linked against, e.g. "2.2.2".</summary>
    public static string Version => Marshal.PtrToStringUTF8(Native.bg_version()) ?? "unknown";
}

/// <summary>MuJoCo refused a model or failed during simulation; the message carries MuJoCo's own text.</summary>
public class MujocoException : Exception
{
    public MujocoException(string message) : base(message) { }
    public MujocoException(string message, Exception inner) : base(message, inner) { }
}
