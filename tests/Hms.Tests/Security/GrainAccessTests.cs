using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Hms.Common;
using Hms.Doctors;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Security;

/// <summary>
/// Role limits are enforced on the silo for every grain method that takes a caller
/// (src/Hms.Grains.Interfaces/Common/AllowsAttribute.cs, src/Hms.Grains/Common/CallerCheck.cs), the API
/// reaches grains only through such methods, and a doctor's week is changed only by its own user or
/// a hospital admin (src/Hms.Grains/Doctors/DoctorAccess.cs).
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class GrainAccessTests(GrainClusterFixture cluster)
{
    private static readonly Assembly Contracts = typeof(Caller).Assembly;

    private static IEnumerable<Type> GrainInterfaces => Contracts.GetTypes()
        .Where(t => t.IsInterface && t.IsAssignableTo(typeof(IAddressable)) && !t.IsAssignableTo(typeof(IGrainObserver)));

    private static IEnumerable<MethodInfo> MethodsTakingACaller => GrainInterfaces
        .SelectMany(t => t.GetMethods())
        .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Caller)));

    [Fact]
    public void EveryGrainMethodThatTakesACallerNamesTheRolesThatMayCallIt()
    {
        var methods = MethodsTakingACaller.ToList();
        Assert.True(methods.Count >= 100, $"{methods.Count} grain methods take a caller");
        var known = Roles.All.Append(Roles.Anyone).Append(Roles.System).ToHashSet();
        var wrong = methods
            .Where(m => m.GetCustomAttribute<AllowsAttribute>() is not { Roles.Count: > 0 } allows || allows.Roles.Any(r => !known.Contains(r)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task TheSiloRefusesEveryRoleAGrainMethodDoesNotName()
    {
        var refused = 0;
        var wrong = new List<string>();
        foreach (var method in MethodsTakingACaller)
        {
            var allows = method.GetCustomAttribute<AllowsAttribute>()!;
            if (allows.Roles.Contains(Roles.Anyone))
            {
                continue;
            }
            foreach (var role in Roles.All.Where(r => !allows.Roles.Contains(r)))
            {
                var caller = new Caller("probe-" + role, "h-probe", [role]);
                var code = await CodeOfCallAsync(method, caller);
                refused++;
                if (code != "forbidden")
                {
                    wrong.Add($"{method.DeclaringType!.Name}.{method.Name} as {role}: {code ?? "ran"}");
                }
            }
        }
        Assert.True(refused >= 500, $"{refused} calls probed");
        Assert.Empty(wrong);
    }

    [Fact]
    public void TheApiCallsGrainsOnlyThroughMethodsThatTakeTheCaller()
    {
        using var stream = File.OpenRead(typeof(Hms.Api.Auth.CallerExtensions).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var called = new SortedSet<string>();
        var wrong = new List<string>();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }
            var parent = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
            var type = Contracts.GetType($"{reader.GetString(parent.Namespace)}.{reader.GetString(parent.Name)}");
            if (type is null || !GrainInterfaces.Contains(type))
            {
                continue;
            }
            var name = reader.GetString(member.Name);
            called.Add($"{type.Name}.{name}");
            if (type.GetMethods().Where(m => m.Name == name).Any(m => m.GetParameters().All(p => p.ParameterType != typeof(Caller))))
            {
                wrong.Add($"{type.Name}.{name}");
            }
        }
        Assert.True(called.Count >= 80, $"the API calls {called.Count} grain methods: {string.Join(", ", called)}");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task ADoctorChangesOnlyTheirOwnScheduleAndAbsencesAndAnAdminChangesAnyones()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var colleague = await cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(
            new RegisterDoctor("Meera", "Nair", "Cardiology", 15, 20, TestHospital.AllDay, "dr-meera-" + hospital.Id), hospital.Admin);
        var unlinked = await cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(
            new RegisterDoctor("Ravi", "Menon", null, 15, 20, TestHospital.AllDay), hospital.Admin);
        var today = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);
        var leave = new NewAbsence(AbsenceType.EMERGENCY, today.AddDays(3), today.AddDays(3), true, null, null, "Family emergency");
        var own = cluster.Client.GetGrain<IDoctorGrain>(hospital.Doctor.Id);

        // Another doctor's emergency absence would cancel their day: refused, and nothing is stored.
        foreach (var other in new[] { colleague, unlinked })
        {
            var grain = cluster.Client.GetGrain<IDoctorGrain>(other.Id);
            Assert.Equal("not_own_schedule", (await Assert.ThrowsAsync<DomainException>(() => grain.AddAbsence(leave, hospital.DoctorUser))).Code);
            Assert.Equal("not_own_schedule", (await Assert.ThrowsAsync<DomainException>(() =>
                grain.SetSchedules(TestHospital.AllDay, hospital.DoctorUser))).Code);
            Assert.Empty((await grain.Get(hospital.Admin)).Absences);
        }

        // Their own: yes, and the absence names who filed it.
        var added = await own.AddAbsence(leave, hospital.DoctorUser);
        Assert.Equal(hospital.DoctorUser.UserId, added.Absence.CreatedBy);
        await own.CancelAbsence(added.Absence.Id, hospital.DoctorUser);

        // A colleague's user changes the colleague's week, not this one.
        var meera = new Caller(colleague.UserId!, hospital.Id, [Roles.Doctor]);
        Assert.Equal("not_own_schedule", (await Assert.ThrowsAsync<DomainException>(() => own.AddAbsence(leave, meera))).Code);
        Assert.NotNull((await cluster.Client.GetGrain<IDoctorGrain>(colleague.Id).AddAbsence(leave, meera)).Absence);

        // The admin changes anyone's, and links or unlinks a doctor's user.
        Assert.NotNull((await cluster.Client.GetGrain<IDoctorGrain>(unlinked.Id).AddAbsence(leave, hospital.Admin)).Absence);
        var relinked = await own.Update(new UpdateDoctor(null, null, null, null, null, null, null, UserId: ""), hospital.Admin);
        Assert.Null(relinked.Doctor.UserId);
        Assert.Equal("not_own_schedule", (await Assert.ThrowsAsync<DomainException>(() => own.AddAbsence(leave, hospital.DoctorUser))).Code);
    }

    /// <summary>Calls <paramref name="method"/> on a fresh grain as <paramref name="caller"/>; the problem code, or null when it ran.</summary>
    private async Task<string?> CodeOfCallAsync(MethodInfo method, Caller caller)
    {
        var grain = Reference(method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(Caller) ? caller : Placeholder(p.ParameterType)).ToArray();
        try
        {
            await (Task)method.Invoke(grain, arguments)!;
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Code;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }

    private IAddressable Reference(Type grainInterface) =>
        grainInterface.IsAssignableTo(typeof(IGrainWithGuidKey)) ? cluster.Client.GetGrain(grainInterface, Guid.NewGuid())
        : grainInterface.IsAssignableTo(typeof(IGrainWithIntegerKey)) ? cluster.Client.GetGrain(grainInterface, 0L)
        : cluster.Client.GetGrain(grainInterface, "h-probe");

    /// <summary>A value of <paramref name="type"/> the call can carry: one of its own named values when it has some (RunSource.Manual, JobName.Named("x")).</summary>
    private static object? Placeholder(Type type) =>
        type == typeof(string) ? "x"
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
            ? type.GetField(nameof(ImmutableArray<int>.Empty))!.GetValue(null)
        : type.Assembly != Contracts ? (type.IsValueType ? Activator.CreateInstance(type) : null)
        : type.GetProperties(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(p => p.PropertyType == type)?.GetValue(null)
            ?? type.GetFields(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(f => f.FieldType == type)?.GetValue(null)
            ?? type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .FirstOrDefault(m => m.ReturnType == type && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(string))?.Invoke(null, ["x"])
            ?? (type.IsValueType ? Activator.CreateInstance(type) : null);
}
