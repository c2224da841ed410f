using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Benchgen.Physics;

/// <summary>
/// The one gate every MJCF text passes before MuJoCo sees it (<see cref="MujocoModel.Compile"/> calls it; there is no
/// other way in). It is a whitelist of the MJCF Benchgen's templates write, plus the plain modelling elements a design
/// may use (cameras, lights, inertials, contact pairs and excludes, equality constraints, simple actuators,
/// keyframes): anything else is refused. In particular nothing that makes MuJoCo open a file gets through — no
/// <c>file*</c> attribute on any element, no <c>&lt;include&gt;</c>, no <c>meshdir/texturedir/assetdir/strippath</c>,
/// no <c>&lt;extension&gt;/&lt;plugin&gt;</c>, no skins (they come from files) — and nothing whose size the text does not
/// show (<c>&lt;composite&gt;</c> grows a grid of bodies from one element; <c>&lt;compiler&gt;&lt;lengthrange&gt;</c>
/// simulates while compiling). Sizes are checked against <see cref="MujocoLimits"/>: text size, element count and
/// depth, bodies, geoms, joints, hfield samples, texture pixels, inline mesh vertices, njmax/nconmax, nstack, keyframes,
/// solver iterations, shadow and offscreen sizes, and the timestep floor. The messages never quote attribute values,
/// so a refusal says nothing about the host.
/// </summary>
public static partial class MjcfGate
{
    /// <summary>Throws <see cref="ModelRejectedException"/> when the text is not an allowed, affordable MJCF model.</summary>
    public static void Check(string mjcf, MujocoLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(mjcf);
        limits ??= MujocoLimits.Default;
        var bytes = Encoding.UTF8.GetByteCount(mjcf);
        if (limits.MaxXmlBytes > 0 && bytes > limits.MaxXmlBytes)
            throw Reject($"the model is {bytes} bytes, more than the limit of {limits.MaxXmlBytes} (Mujoco:MaxXmlBytes)");
        new Scan(limits).Run(mjcf);
    }

    /// <summary>Whether the text passes <see cref="Check"/>; the reason when it does not.</summary>
    public static bool TryCheck(string mjcf, MujocoLimits? limits, out string? reason)
    {
        try
        {
            Check(mjcf, limits);
            reason = null;
            return true;
        }
        catch (ModelRejectedException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    internal static ModelRejectedException Reject(string reason) => new(reason);

    private const string NoFiles = "models may not reference files";

    private sealed class Scan(MujocoLimits limits)
    {
        private int elements, bodies = 1, geoms, joints, keys;
        private long hfieldSamples, texturePixels, meshVertices;

        public void Run(string mjcf)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreWhitespace = true,
                CheckCharacters = true,
                ConformanceLevel = ConformanceLevel.Document,
                MaxCharactersInDocument = limits.MaxXmlBytes > 0 ? limits.MaxXmlBytes : 0,
            };
            var stack = new Stack<ElementSpec>();
            try
            {
                using var reader = XmlReader.Create(new StringReader(mjcf), settings);
                while (reader.Read())
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Element:
                            var empty = reader.IsEmptyElement;
                            var spec = Enter(reader, stack.Count == 0 ? null : stack.Peek(), stack.Count + 1);
                            if (!empty) stack.Push(spec);
                            break;
                        case XmlNodeType.EndElement:
                            stack.Pop();
                            break;
                        case XmlNodeType.DocumentType:
                            throw Reject("the model has a document type declaration, which MJCF does not use");
                    }
                }
            }
            catch (XmlException ex)
            {
                // XmlException's message carries positions and names from the text only, never anything from the host.
                throw Reject("the model is not well-formed XML: " + ex.Message);
            }
            if (limits.MaxKeyframes > 0 && keys > limits.MaxKeyframes)
                throw Reject($"the model has {keys} keyframes, more than the limit of {limits.MaxKeyframes} (Mujoco:MaxKeyframes)");
        }

        private ElementSpec Enter(XmlReader reader, ElementSpec? parent, int depth)
        {
            var name = reader.Name;
            if (limits.MaxElements > 0 && ++elements > limits.MaxElements)
                throw Reject($"the model has more than {limits.MaxElements} elements (Mujoco:MaxElements)");
            if (limits.MaxDepth > 0 && depth > limits.MaxDepth)
                throw Reject($"the model nests elements more than {limits.MaxDepth} deep (Mujoco:MaxDepth)");

            // Files first, wherever they appear, so the reason is the real one.
            if (name is "include")
                throw Reject($"the model includes another file (<include>): {NoFiles}");
            if (name is "extension" or "plugin" or "instance")
                throw Reject($"the model uses a plugin (<{name}>): plugins are not allowed");
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    var attribute = reader.Name;
                    if (attribute.StartsWith("file", StringComparison.OrdinalIgnoreCase))
                        throw Reject($"the model names a file (<{name} {attribute}=…>): {NoFiles}");
                    if (attribute is "meshdir" or "texturedir" or "assetdir" or "strippath")
                        throw Reject($"the model names an asset directory (<{name} {attribute}=…>): {NoFiles}");
                } while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }

            ElementSpec spec;
            if (parent is null)
            {
                if (name != "mujoco") throw Reject($"the model's root element is <{name}>, not <mujoco>");
                spec = Schema.Root;
            }
            else if (!parent.Children.TryGetValue(name, out spec!))
            {
                throw Reject(name is "skin" or "composite" or "custom" or "tendon" or "sensor" or "lengthrange"
                    ? $"<{name}> is not allowed in Benchgen models (inside <{parent.Name}>)"
                    : $"element <{name}> is not allowed inside <{parent.Name}>");
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    if (!spec.Attributes.Contains(reader.Name))
                        throw Reject($"attribute {reader.Name} is not allowed on <{name}> (inside <{parent?.Name ?? "document"}>)");
                    attributes[reader.Name] = reader.Value;
                } while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }
            Measure(spec, attributes);
            return spec;
        }

        private void Measure(ElementSpec spec, Dictionary<string, string> a)
        {
            var where = $"<{spec.Name}>";
            switch (spec.Kind)
            {
                case Kind.Body:
                    Count(ref bodies, limits.MaxBodies, "bodies", "Mujoco:MaxBodies");
                    break;
                case Kind.Geom:
                    Count(ref geoms, limits.MaxGeoms, "geoms", "Mujoco:MaxGeoms");
                    break;
                case Kind.Joint:
                    Count(ref joints, limits.MaxJoints, "joints", "Mujoco:MaxJoints");
                    break;
                case Kind.Key:
                    keys++;
                    break;
                case Kind.Option:
                    if (a.TryGetValue("timestep", out var ts))
                    {
                        if (!double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out var timestep) || !double.IsFinite(timestep))
                            throw Reject("<option timestep> is not a number");
                        if (timestep < limits.MinTimestep)
                            throw Reject(FormattableString.Invariant(
                                $"<option timestep> is {timestep:G3} s, below the minimum of {limits.MinTimestep:G3} s (Mujoco:MinTimestep)"));
                    }
                    foreach (var key in (string[])["iterations", "noslip_iterations", "mpr_iterations"])
                        Cap(a, key, where, limits.MaxSolverIterations, "Mujoco:MaxSolverIterations");
                    break;
                case Kind.Size:
                    Cap(a, "njmax", where, limits.MaxConstraintRows, "Mujoco:MaxConstraintRows");
                    Cap(a, "nconmax", where, limits.MaxConstraintRows, "Mujoco:MaxConstraintRows");
                    Cap(a, "nstack", where, limits.MaxStack, "Mujoco:MaxStack");
                    Cap(a, "nuserdata", where, limits.MaxStack, "Mujoco:MaxStack");
                    Cap(a, "nkey", where, limits.MaxKeyframes, "Mujoco:MaxKeyframes");
                    break;
                case Kind.Render:
                    foreach (var key in (string[])["shadowsize", "offwidth", "offheight"])
                        Cap(a, key, where, limits.MaxRenderSize, "Mujoco:MaxRenderSize");
                    // Multisampling multiplies the offscreen buffer; slices/stacks/quads only refine primitive meshes.
                    Cap(a, "offsamples", where, 16, "a fixed cap");
                    foreach (var key in (string[])["numslices", "numstacks", "numquads"])
                        Cap(a, key, where, 256, "a fixed cap");
                    break;
                case Kind.Hfield:
                {
                    var rows = Cap(a, "nrow", where, 1 << 20, "a fixed cap");
                    var cols = Cap(a, "ncol", where, 1 << 20, "a fixed cap");
                    hfieldSamples += rows * cols;
                    if (limits.MaxHfieldSamples > 0 && hfieldSamples > limits.MaxHfieldSamples)
                        throw Reject($"height fields have {hfieldSamples} samples (nrow × ncol), more than the limit of {limits.MaxHfieldSamples} (Mujoco:MaxHfieldSamples)");
                    break;
                }
                case Kind.Texture:
                {
                    var width = Cap(a, "width", where, 1 << 16, "a fixed cap");
                    var height = Cap(a, "height", where, 1 << 16, "a fixed cap");
                    var type = a.GetValueOrDefault("type", "cube").Trim();
                    // MuJoCo builds the six faces of a cube or skybox texture from the width (and height when given).
                    texturePixels += type == "2d" ? width * height : 6 * width * Math.Max(width, height);
                    if (limits.MaxTexturePixels > 0 && texturePixels > limits.MaxTexturePixels)
                        throw Reject($"textures have {texturePixels} pixels, more than the limit of {limits.MaxTexturePixels} (Mujoco:MaxTexturePixels)");
                    break;
                }
                case Kind.Mesh:
                    if (a.TryGetValue("vertex", out var vertex))
                    {
                        meshVertices += Numbers().Matches(vertex).Count / 3;
                        if (limits.MaxMeshVertices > 0 && meshVertices > limits.MaxMeshVertices)
                            throw Reject($"meshes have {meshVertices} vertices, more than the limit of {limits.MaxMeshVertices} (Mujoco:MaxMeshVertices)");
                    }
                    break;
            }
        }

        private static void Count(ref int counter, int limit, string what, string key)
        {
            counter++;
            if (limit > 0 && counter > limit)
                throw Reject($"the model has more than {limit} {what} ({key})");
        }

        /// <summary>A whole-number attribute (0 when absent), refused above the limit; only plain decimal integers are read the same way by every parser.</summary>
        private static long Cap(Dictionary<string, string> a, string key, string where, long limit, string setting)
        {
            if (!a.TryGetValue(key, out var text)) return 0;
            if (!Integer().IsMatch(text) || !long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Reject($"{where} {key} must be a whole number");
            if (limit > 0 && value > limit)
                throw Reject($"{where} {key} is {value}, more than the limit of {limit}" + (setting.Length > 0 ? $" ({setting})" : ""));
            return Math.Max(0, value);
        }
    }

    [GeneratedRegex(@"^\s*[+-]?[0-9]{1,12}\s*$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"[^\s]+")]
    private static partial Regex Numbers();

    private enum Kind { Plain, Body, Geom, Joint, Key, Option, Size, Render, Hfield, Texture, Mesh }

    private sealed class ElementSpec(string name, Kind kind, string attributes)
    {
        public string Name { get; } = name;
        public Kind Kind { get; } = kind;
        public HashSet<string> Attributes { get; } = new(attributes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        public Dictionary<string, ElementSpec> Children { get; } = new(StringComparer.Ordinal);

        public ElementSpec With(params ElementSpec[] children)
        {
            foreach (var child in children) Children[child.Name] = child;
            return this;
        }
    }

    /// <summary>The allowed MJCF subset (MuJoCo 2.2.2 names), element by element in context.</summary>
    private static class Schema
    {
        private const string Frame = "pos quat axisangle xyaxes zaxis euler";
        private const string GeomAttributes = "type contype conaffinity condim group priority size material friction mass density shellinertia " +
                                              "solmix solref solimp margin gap fromto hfield mesh fitscale rgba fluidshape fluidcoef " + Frame;
        private const string JointAttributes = "type group pos axis springdamper limited solreflimit solimplimit solreffriction solimpfriction " +
                                               "stiffness range margin ref springref armature damping frictionloss";
        private const string SiteAttributes = "type group material size fromto rgba " + Frame;
        private const string CameraAttributes = "fovy ipd mode " + Frame;
        private const string LightAttributes = "directional castshadow active pos dir attenuation cutoff exponent ambient diffuse specular mode";
        private const string PairAttributes = "condim friction solref solimp gap margin";
        private const string EqualityAttributes = "active solref solimp";
        private const string ActuatorAttributes = "group ctrllimited forcelimited ctrlrange forcerange gear";
        private const string MaterialAttributes = "texture texrepeat texuniform emission specular shininess reflectance rgba";

        public static readonly ElementSpec Root = Build();

        private static ElementSpec Build()
        {
            var defaults = new ElementSpec("default", Kind.Plain, "class");
            defaults.With(
                defaults,
                new("mesh", Kind.Plain, "scale"),
                new("material", Kind.Plain, MaterialAttributes),
                new("joint", Kind.Plain, JointAttributes),
                new("geom", Kind.Plain, GeomAttributes),
                new("site", Kind.Plain, SiteAttributes),
                new("camera", Kind.Plain, CameraAttributes),
                new("light", Kind.Plain, LightAttributes),
                new("pair", Kind.Plain, PairAttributes),
                new("equality", Kind.Plain, EqualityAttributes),
                new("general", Kind.Plain, ActuatorAttributes + " dyntype gaintype biastype dynprm gainprm biasprm"),
                new("motor", Kind.Plain, ActuatorAttributes),
                new("position", Kind.Plain, ActuatorAttributes + " kp"),
                new("velocity", Kind.Plain, ActuatorAttributes + " kv"));

            var body = new ElementSpec("body", Kind.Body, "name childclass mocap " + Frame);
            ElementSpec[] placed =
            [
                new("geom", Kind.Geom, "name class " + GeomAttributes),
                new("site", Kind.Plain, "name class " + SiteAttributes),
                new("camera", Kind.Plain, "name class target " + CameraAttributes),
                new("light", Kind.Plain, "name class target " + LightAttributes),
            ];
            body.With(placed).With(
                body,
                new("inertial", Kind.Plain, "mass diaginertia fullinertia " + Frame),
                new("joint", Kind.Joint, "name class " + JointAttributes),
                new("freejoint", Kind.Joint, "name group"));
            var worldbody = new ElementSpec("worldbody", Kind.Plain, "").With(placed).With(body);

            const string transmission = " name class joint jointinparent site refsite";
            return new ElementSpec("mujoco", Kind.Plain, "model").With(
                new("compiler", Kind.Plain, "autolimits boundmass boundinertia settotalmass balanceinertia coordinate angle fitaabb eulerseq " +
                                            "discardvisual convexhull usethread fusestatic inertiafromgeom inertiagrouprange exactmeshinertia"),
                new ElementSpec("option", Kind.Option,
                    "timestep apirate impratio tolerance noslip_tolerance mpr_tolerance gravity wind magnetic density viscosity " +
                    "o_margin o_solref o_solimp integrator collision cone jacobian solver iterations noslip_iterations mpr_iterations").With(
                    new ElementSpec("flag", Kind.Plain,
                        "constraint equality frictionloss limit contact passive gravity clampctrl warmstart filterparent actuation " +
                        "refsafe sensor override energy fwdinv sensornoise multiccd")),
                new("size", Kind.Size, "njmax nconmax nstack nuserdata nkey"),
                new ElementSpec("visual", Kind.Plain, "").With(
                    new("global", Kind.Render, "fovy ipd azimuth elevation linewidth glow offwidth offheight"),
                    new("quality", Kind.Render, "shadowsize offsamples numslices numstacks numquads"),
                    new("headlight", Kind.Plain, "ambient diffuse specular active"),
                    new("map", Kind.Plain, "stiffness stiffnessrot force torque alpha fogstart fogend znear zfar haze shadowclip shadowscale actuatortendon"),
                    new("scale", Kind.Plain, "forcewidth contactwidth contactheight connect com camera light selectpoint jointlength jointwidth " +
                                             "actuatorlength actuatorwidth framelength framewidth constraint slidercrank"),
                    new("rgba", Kind.Plain, "fog haze force inertia joint actuator actuatornegative actuatorpositive com camera light selectpoint " +
                                            "connect contactpoint contactforce contactfriction contacttorque contactgap rangefinder constraint " +
                                            "slidercrank crankbroken")),
                new("statistic", Kind.Plain, "meaninertia meanmass meansize extent center"),
                defaults,
                new ElementSpec("asset", Kind.Plain, "").With(
                    new("texture", Kind.Texture, "name type builtin rgb1 rgb2 mark markrgb random width height hflip vflip"),
                    new("material", Kind.Plain, "name class " + MaterialAttributes),
                    new("hfield", Kind.Hfield, "name nrow ncol size"),
                    new("mesh", Kind.Mesh, "name class vertex normal texcoord face refpos refquat scale smoothnormal")),
                worldbody,
                new ElementSpec("contact", Kind.Plain, "").With(
                    new("pair", Kind.Plain, "name class geom1 geom2 " + PairAttributes),
                    new("exclude", Kind.Plain, "name body1 body2")),
                new ElementSpec("equality", Kind.Plain, "").With(
                    new("connect", Kind.Plain, "name class body1 body2 anchor " + EqualityAttributes),
                    new("weld", Kind.Plain, "name class body1 body2 relpose anchor torquescale " + EqualityAttributes),
                    new("joint", Kind.Plain, "name class joint1 joint2 polycoef " + EqualityAttributes)),
                new ElementSpec("actuator", Kind.Plain, "").With(
                    new("general", Kind.Plain, ActuatorAttributes + transmission + " dyntype gaintype biastype dynprm gainprm biasprm"),
                    new("motor", Kind.Plain, ActuatorAttributes + transmission),
                    new("position", Kind.Plain, ActuatorAttributes + transmission + " kp"),
                    new("velocity", Kind.Plain, ActuatorAttributes + transmission + " kv")),
                new ElementSpec("keyframe", Kind.Plain, "").With(
                    new ElementSpec("key", Kind.Key, "name time qpos qvel act mpos mquat ctrl")));
        }
    }
}

/// <summary>The model was refused before MuJoCo compiled it, or its compiled size is over the budget.</summary>
public sealed class ModelRejectedException : MujocoException
{
    public ModelRejectedException(string message) : base(message) { }
}

/// <summary>A simulation passed its step or wall-clock budget (<see cref="MujocoLimits"/>) and was stopped.</summary>
public sealed class SimulationBudgetException : MujocoException
{
    public SimulationBudgetException(string message) : base(message) { }
}
