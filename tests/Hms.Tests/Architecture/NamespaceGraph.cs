using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;

namespace Hms.Tests.Architecture;

/// <summary>
/// Which product namespace uses which, read from the compiled assemblies: every type a namespace's types
/// name in their signatures, attributes and method bodies (the IL's type, method and field tokens), so a
/// qualified name or a <c>var</c> counts as much as a <c>using</c>. Orleans' generated code is left out.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private NamespaceGraph(ImmutableDictionary<string, ImmutableHashSet<string>> uses) => Uses = uses;

    /// <summary>For each namespace, the other product namespaces it uses.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> Uses { get; }

    public static NamespaceGraph Of(params Assembly[] assemblies)
    {
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (NamespaceOf(type) is not { } from)
            {
                continue;
            }
            var used = uses.TryGetValue(from, out var set) ? set : uses[from] = [];
            foreach (var to in Referenced(type).Select(NamespaceOf).OfType<string>().Where(to => to != from))
            {
                used.Add(to);
            }
        }
        return new NamespaceGraph(uses.ToImmutableDictionary(u => u.Key, u => u.Value.ToImmutableHashSet()));
    }

    /// <summary>Groups of namespaces that use each other, directly or round about (strongly connected, more than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Loops()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var loops = new List<IReadOnlyList<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in Uses.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    group.Add(member);
                }
                while (member != node);
                if (group.Count > 1)
                {
                    loops.Add([.. group.Order()]);
                }
            }
        }
        foreach (var node in Uses.Keys.Order())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return loops;
    }

    /// <summary>The product namespace a type belongs to (a nested or compiler-made type: its outermost type's); null outside the product.</summary>
    private static string? NamespaceOf(Type type)
    {
        while (type.IsArray || type.IsByRef || type.IsPointer)
        {
            type = type.GetElementType()!;
        }
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        // The API's Program (top-level statements) has no namespace: it is the API's root.
        var name = type.Namespace ?? (type.Name == "Program" && type.Assembly.GetName().Name == "Hms.Api" ? "Hms.Api" : null);
        return name is not null && (name == "Hms" || name.StartsWith("Hms.", StringComparison.Ordinal)) ? name : null;
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter)
            {
                return;
            }
            found.Add(t);
            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }
            if (t.IsGenericType)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }
        Add(type.BaseType);
        foreach (var face in type.GetInterfaces())
        {
            Add(face);
        }
        foreach (var attribute in type.GetCustomAttributesData())
        {
            Add(attribute.AttributeType);
        }
        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType);
        }
        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType);
        }
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }
            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }
            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                Add(local.LocalType);
            }
            foreach (var used in TokensOf(method))
            {
                Add(used);
            }
        }
        return found;
    }

    /// <summary>The types a method body names: through its type tokens, and the declaring types of the methods and fields it uses.</summary>
    private static IEnumerable<Type> TokensOf(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[unchecked((short)(0xFE00 | il[at + 1]))] : OpCodesByValue[il[at]];
            at += code.Size;
            var operand = at;
            at += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, operand),
                _ => 4,
            };
            if (code.OperandType is not (OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField))
            {
                continue;
            }
            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(BitConverter.ToInt32(il, operand), typeArguments, methodArguments);
            }
            catch (ArgumentException)
            {
                continue;
            }
            switch (member)
            {
                case Type t:
                    yield return t;
                    break;
                case MethodBase m when m.DeclaringType is { } owner:
                    yield return owner;
                    if (m is MethodInfo { IsGenericMethod: true } generic)
                    {
                        foreach (var argument in generic.GetGenericArguments())
                        {
                            yield return argument;
                        }
                    }
                    break;
                case FieldInfo f when f.DeclaringType is { } owner:
                    yield return owner;
                    yield return f.FieldType;
                    break;
            }
        }
    }
}
