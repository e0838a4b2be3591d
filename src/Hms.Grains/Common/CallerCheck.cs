using System.Collections.Concurrent;
using System.Reflection;

namespace Hms.Common;

/// <summary>
/// Enforces <see cref="AllowsAttribute"/> on the silo: a call to a grain method that takes a
/// <see cref="Caller"/> runs only when the caller's roles are among those the method allows. It runs
/// for every call that reaches a grain — from the API, another silo or anything else inside the
/// cluster — so a role limit never depends on the route that led to it.
/// </summary>
public sealed class CallerCheck : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, Rule?> Rules = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (Rules.GetOrAdd(context.InterfaceMethod, RuleOf) is { } rule
            && (context.Request.GetArgument(rule.CallerIndex) is not Caller caller
                || !(rule.Allows?.Admits(caller) ?? caller.IsInRole(Roles.System))))
        {
            throw Errors.Forbidden("forbidden", "Your roles do not allow this.");
        }
        return context.Invoke();
    }

    /// <summary>The rule of a method that takes a caller; null for methods that do not (grain to grain only).</summary>
    internal static Rule? RuleOf(MethodInfo method)
    {
        var index = Array.FindIndex(method.GetParameters(), p => p.ParameterType == typeof(Caller));
        return index < 0 ? null : new Rule(index, method.GetCustomAttribute<AllowsAttribute>());
    }

    internal sealed record Rule(int CallerIndex, AllowsAttribute? Allows);
}
