using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Benchgen.Generation.Grading;

/// <summary>A material of the design cost model: density (kg/m³) and price per cubic metre.</summary>
public sealed record DesignMaterial(string Name, double Density, double PricePerCubicMetre);

/// <summary>A design's motor: a bounded generalized force <c>gear × ctrl</c> on one of the design's own joints.</summary>
public sealed record DesignMotor(string Name, string Joint, double Gear, double CtrlMin, double CtrlMax);

/// <summary>What the gate made of a design: the scene with the design merged in, and what it weighs and costs.</summary>
public sealed record CheckedDesign(
    string Mjcf, IReadOnlyList<string> Bodies, IReadOnlyList<string> Geoms, IReadOnlyList<DesignMotor> Motors, double Mass, double UnitCost,
    double Volume);

/// <summary>
/// The design gate: an engineering agent's MJCF fragment is data, never a reference to the host. It is read with DTDs and
/// external resolution off, and only a whitelist passes — <c>body</c> (name, pos, quat, euler, axisangle) holding
/// <c>body</c>, <c>geom</c> (name, type box/sphere/capsule/cylinder/ellipsoid, size, fromto, pos, quat, euler, axisangle,
/// rgba, friction) and <c>joint</c> (name, type hinge/slide, axis, pos, range, limited, damping, stiffness, armature,
/// frictionloss), plus one <c>actuator</c> of <c>motor</c>s (name, joint, gear, ctrlrange, ctrllimited) on the design's
/// joints. No includes, files, assets, meshes, plugins, masses or densities (mass comes from the material); every number
/// finite and bounded; at most <see cref="MaxBodies"/> bodies, <see cref="MaxGeoms"/> geoms, <see cref="MaxJoints"/> joints,
/// <see cref="MaxMotors"/> motors, depth <see cref="MaxDepth"/>. The merged model then still passes <c>MjcfGate</c> when compiled.
/// Cost model: unit cost = Σ geom volume × material price + <see cref="JointCost"/> per joint + <see cref="MotorCost"/> per
/// motor; mass = Σ geom volume × material density.
/// </summary>
public static partial class DesignGate
{
    public const int MaxBodies = 64;
    public const int MaxGeoms = 256;
    public const int MaxJoints = 64;
    public const int MaxMotors = 16;
    public const int MaxDepth = 16;
    public const double MaxCoordinate = 100;
    public const double MaxSize = 10;
    public const double JointCost = 2;
    public const double MotorCost = 10;

    public static readonly IReadOnlyDictionary<string, DesignMaterial> Materials = new Dictionary<string, DesignMaterial>(StringComparer.Ordinal)
    {
        ["foam"] = new("foam", 50, 1_000),
        ["wood"] = new("wood", 700, 5_000),
        ["plastic"] = new("plastic", 1_200, 8_000),
        ["rubber"] = new("rubber", 1_100, 10_000),
        ["aluminium"] = new("aluminium", 2_700, 20_000),
        ["steel"] = new("steel", 7_850, 40_000),
    };

    private static readonly Dictionary<string, HashSet<string>> Allowed = new(StringComparer.Ordinal)
    {
        ["body"] = ["name", "pos", "quat", "euler", "axisangle"],
        ["geom"] = ["name", "type", "size", "fromto", "pos", "quat", "euler", "axisangle", "rgba", "friction"],
        ["joint"] = ["name", "type", "axis", "pos", "range", "limited", "damping", "stiffness", "armature", "frictionloss"],
        ["actuator"] = [],
        ["motor"] = ["name", "joint", "gear", "ctrlrange", "ctrllimited"],
    };

    private static readonly HashSet<string> Shapes = new(StringComparer.Ordinal) { "box", "sphere", "capsule", "cylinder", "ellipsoid" };

    /// <summary>Checks the fragment and merges it into the scene; throws <see cref="SolutionFormatException"/> with every reason.</summary>
    public static CheckedDesign Check(DesignSolution design, string sceneMjcf)
    {
        var errors = new List<string>();
        XElement fragment;
        try
        {
            fragment = Read("<fragment>" + design.Mjcf + "</fragment>");
        }
        catch (XmlException ex)
        {
            throw new SolutionFormatException([$"$.mjcf: not well-formed XML or not allowed ({Clean(ex.Message)})"]);
        }

        var scene = Read(sceneMjcf);
        var sceneNames = scene.Descendants().Select(e => (string?)e.Attribute("name")).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var bodies = new List<string>();
        var geoms = new List<string>();
        var joints = new List<string>();
        var motors = new List<DesignMotor>();
        double mass = 0, cost = 0, volume = 0;
        var elements = 0;

        foreach (var child in fragment.Elements())
        {
            if (child.Name.LocalName == "actuator") continue;
            if (child.Name.LocalName != "body")
                errors.Add($"$.mjcf: <{Clean(child.Name.LocalName)}> is not allowed at the top of a design (only <body> and one <actuator>)" +
                           (child.Name.LocalName == "include" ? "; a design may not include files" : "") +
                           (child.DescendantsAndSelf().SelectMany(d => d.Attributes()).Any(a => a.Name.LocalName.StartsWith("file", StringComparison.Ordinal)) ? "; a design may not reference files" : ""));
        }
        if (fragment.Elements("actuator").Count() > 1) errors.Add("$.mjcf: at most one <actuator>");

        void Visit(XElement e, string path, int depth)
        {
            if (++elements > MaxBodies + MaxGeoms + MaxJoints + MaxMotors + 1) return;
            var tag = e.Name.LocalName;
            if (depth > MaxDepth) { errors.Add($"{path}: nested deeper than {MaxDepth}"); return; }
            if (!e.Name.NamespaceName.Equals("", StringComparison.Ordinal) || !Allowed.TryGetValue(tag, out var attributes))
            {
                errors.Add($"{path}: <{Clean(tag)}> is not allowed in a design (allowed: {string.Join(", ", Allowed.Keys)})" +
                           (tag == "include" ? "; a design may not include files" : ""));
                return;
            }
            foreach (var a in e.Attributes())
            {
                var an = a.Name.LocalName;
                if (a.IsNamespaceDeclaration) { errors.Add($"{path}: namespaces are not allowed"); continue; }
                if (an.StartsWith("file", StringComparison.Ordinal)) { errors.Add($"{path}@{Clean(an)}: a design may not reference files"); continue; }
                if (an is "mass" or "density") { errors.Add($"{path}@{an}: not allowed: mass comes from the material (cost model)"); continue; }
                if (!attributes.Contains(an)) { errors.Add($"{path}@{Clean(an)}: attribute not allowed on <{tag}>"); continue; }
                if (a.Value.Length > 256) errors.Add($"{path}@{an}: longer than 256 characters");
            }
            var name = (string?)e.Attribute("name");
            if (name is not null)
            {
                if (!NamePattern().IsMatch(name)) errors.Add($"{path}@name: letters, digits, _ - . only, 1 to 64 characters");
                else if (sceneNames.Contains(name)) errors.Add($"{path}@name: '{name}' is already a name in the scene");
                else if (!names.Add(name)) errors.Add($"{path}@name: '{name}' is used twice");
            }
            foreach (var key in new[] { "pos", "axis", "euler", "quat", "axisangle", "fromto", "range", "friction", "rgba", "size", "gear", "ctrlrange",
                         "damping", "stiffness", "armature", "frictionloss" })
                if (e.Attribute(key) is { } attr && Numbers(attr.Value) is null) errors.Add($"{path}@{key}: must be finite numbers within ±{MaxCoordinate}");

            switch (tag)
            {
                case "body":
                    if (name is null) errors.Add($"{path}: a design body needs a name");
                    else bodies.Add(name);
                    var i = 0;
                    foreach (var c in e.Elements()) Visit(c, $"{path}/{c.Name.LocalName}[{i++}]", depth + 1);
                    break;
                case "geom":
                {
                    if (name is null)
                    {
                        name = $"{(string?)e.Parent?.Attribute("name") ?? "design"}_geom{geoms.Count}";
                        e.SetAttributeValue("name", name);
                    }
                    geoms.Add(name);
                    var type = (string?)e.Attribute("type") ?? "sphere";
                    if (!Shapes.Contains(type)) { errors.Add($"{path}@type: '{Clean(type)}' is not allowed ({string.Join(", ", Shapes)})"); break; }
                    var v = Volume(type, Numbers((string?)e.Attribute("size") ?? ""), e.Attribute("fromto") is { } ft ? Numbers(ft.Value) : null, out var problem);
                    if (problem is not null) { errors.Add($"{path}: {problem}"); break; }
                    var material = Materials[design.Materials.GetValueOrDefault(name, design.DefaultMaterial)];
                    volume += v;
                    mass += v * material.Density;
                    cost += v * material.PricePerCubicMetre;
                    e.SetAttributeValue("density", material.Density.ToString("R", CultureInfo.InvariantCulture));
                    break;
                }
                case "joint":
                {
                    var type = (string?)e.Attribute("type") ?? "hinge";
                    if (type is not ("hinge" or "slide")) errors.Add($"{path}@type: only hinge and slide joints");
                    if (name is null) errors.Add($"{path}: a design joint needs a name");
                    else joints.Add(name);
                    cost += JointCost;
                    break;
                }
                default:
                    errors.Add($"{path}: <{tag}> belongs in <actuator> at the top");
                    break;
            }
        }

        var index = 0;
        foreach (var body in fragment.Elements("body")) Visit(body, $"$.mjcf/body[{index++}]", 1);
        var m = 0;
        foreach (var motor in fragment.Elements("actuator").Take(1).Elements())
        {
            var path = $"$.mjcf/actuator/{Clean(motor.Name.LocalName)}[{m++}]";
            if (++elements > MaxBodies + MaxGeoms + MaxJoints + MaxMotors + 1) break;
            if (motor.Name.LocalName != "motor") { errors.Add($"{path}: only <motor> actuators"); continue; }
            foreach (var a in motor.Attributes())
                if (!Allowed["motor"].Contains(a.Name.LocalName))
                    errors.Add($"{path}@{Clean(a.Name.LocalName)}: attribute not allowed on <motor>" + (a.Name.LocalName.StartsWith("file", StringComparison.Ordinal) ? "; a design may not reference files" : ""));
            var name = (string?)motor.Attribute("name");
            var joint = (string?)motor.Attribute("joint");
            if (name is null || !NamePattern().IsMatch(name)) { errors.Add($"{path}@name: a motor needs a name"); continue; }
            if (joint is null || !joints.Contains(joint)) { errors.Add($"{path}@joint: must name one of the design's own joints"); continue; }
            var gear = motor.Attribute("gear") is { } g ? Numbers(g.Value) : [1.0];
            var range = motor.Attribute("ctrlrange") is { } r ? Numbers(r.Value) : [-1.0, 1.0];
            if (gear is not { Length: 1 } || range is not { Length: 2 } || range[0] > range[1]) { errors.Add($"{path}: gear is one number, ctrlrange two (min ≤ max)"); continue; }
            motors.Add(new DesignMotor(name, joint, gear[0], range[0], range[1]));
            cost += MotorCost;
        }

        if (elements > MaxBodies + MaxGeoms + MaxJoints + MaxMotors + 1) errors.Add($"$.mjcf: more than {MaxBodies + MaxGeoms + MaxJoints + MaxMotors + 1} elements");
        if (bodies.Count > MaxBodies) errors.Add($"$.mjcf: {bodies.Count} bodies, more than {MaxBodies}");
        if (geoms.Count > MaxGeoms) errors.Add($"$.mjcf: {geoms.Count} geoms, more than {MaxGeoms}");
        if (joints.Count > MaxJoints) errors.Add($"$.mjcf: {joints.Count} joints, more than {MaxJoints}");
        if (motors.Count > MaxMotors) errors.Add($"$.mjcf: {motors.Count} motors, more than {MaxMotors}");
        if (bodies.Count == 0 && errors.Count == 0) errors.Add("$.mjcf: a design has at least one <body>");
        foreach (var key in design.Materials.Keys)
            if (!geoms.Contains(key)) errors.Add($"$.materials.{SolutionReader.Shown(key)}: no geom of the design has that name");
        foreach (var (entry, i) in design.Schedule.Select((s, i) => (s, i)))
            if (!motors.Any(mo => mo.Name == entry.Actuator)) errors.Add($"$.schedule[{i}].actuator: no motor '{SolutionReader.Shown(entry.Actuator)}' in the design");
        if (errors.Count > 0) throw new SolutionFormatException(errors.Distinct().Take(50).ToArray());

        // The design's bodies go into the scene's worldbody; its motors are applied by the grader as joint forces.
        var world = scene.Element("worldbody") ?? throw new SolutionFormatException(["$: the benchmark's model has no worldbody"]);
        foreach (var body in fragment.Elements("body")) world.Add(new XElement(body));
        return new CheckedDesign(scene.ToString(SaveOptions.DisableFormatting), bodies, geoms, motors, mass, cost, volume);
    }

    private static XElement Read(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = 4 * 1024 * 1024,
        };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XElement.Load(reader);
    }

    private static double Volume(string type, double[]? size, double[]? fromto, out string? problem)
    {
        problem = null;
        if (size is null || size.Length == 0 || size.Any(s => s <= 0 || s > MaxSize)) { problem = $"size must be positive numbers of at most {MaxSize} m"; return 0; }
        double length = 0;
        if (fromto is not null)
        {
            if (fromto.Length != 6) { problem = "fromto is six numbers"; return 0; }
            var dx = fromto[3] - fromto[0];
            var dy = fromto[4] - fromto[1];
            var dz = fromto[5] - fromto[2];
            length = Math.Sqrt(dx * dx + dy * dy + dz * dz) / 2;
            if (type is "sphere" or "ellipsoid") { problem = $"fromto does not apply to a {type}"; return 0; }
        }
        double S(int i) => i < size.Length ? size[i] : double.NaN;
        var v = type switch
        {
            "box" => 8 * S(0) * S(1) * (fromto is null ? S(2) : length),
            "sphere" => 4.0 / 3 * Math.PI * Math.Pow(S(0), 3),
            "ellipsoid" => 4.0 / 3 * Math.PI * S(0) * S(1) * S(2),
            "capsule" => Math.PI * S(0) * S(0) * 2 * (fromto is null ? S(1) : length) + 4.0 / 3 * Math.PI * Math.Pow(S(0), 3),
            _ => Math.PI * S(0) * S(0) * 2 * (fromto is null ? S(1) : length),
        };
        if (!double.IsFinite(v)) { problem = $"a {type} needs {(type is "box" or "ellipsoid" ? 3 : type == "sphere" ? 1 : 2)} size numbers"; return 0; }
        return v;
    }

    private static double[]? Numbers(string text)
    {
        var parts = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 12) return null;
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || Math.Abs(v) > MaxCoordinate)
                return null;
            values[i] = v;
        }
        return values;
    }

    private static string Clean(string text) => SolutionReader.Shown(text);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();
}
