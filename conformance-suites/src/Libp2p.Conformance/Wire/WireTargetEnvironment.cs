using System.Text.Json;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// How <c>./conformance conformance</c> hands a started wire listener to the suite processes: the endpoints and the
/// declared capabilities travel as JSON in two environment variables next to <see cref="ConformanceTarget.EnvironmentVariable"/>.
/// </summary>
public static class WireTargetEnvironment
{
    /// <summary>JSON array of <c>{ security, muxer, address }</c>.</summary>
    public const string EndpointsVariable = "CONFORMANCE_WIRE_ENDPOINTS";

    /// <summary>JSON object <c>{ transports, security, muxers, protocols }</c>.</summary>
    public const string CapabilitiesVariable = "CONFORMANCE_TARGET_CAPABILITIES";

    /// <summary>Longest accepted value of either variable.</summary>
    public const int MaxValueLength = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Encodes endpoints for <see cref="EndpointsVariable"/>.</summary>
    public static string EncodeEndpoints(IEnumerable<WireEndpoint> endpoints) =>
        JsonSerializer.Serialize(endpoints.Select(e => new EndpointDto { Security = e.Security, Muxer = e.Muxer, Address = e.Address }).ToArray(), Json);

    /// <summary>Encodes capabilities for <see cref="CapabilitiesVariable"/>.</summary>
    public static string EncodeCapabilities(TargetCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        return JsonSerializer.Serialize(new CapabilitiesDto
        {
            Transports = [.. capabilities.Transports],
            Security = [.. capabilities.Security],
            Muxers = [.. capabilities.Muxers],
            Protocols = [.. capabilities.Protocols],
        }, Json);
    }

    /// <summary>Decodes <see cref="EndpointsVariable"/>; throws <see cref="FormatException"/> on malformed input.</summary>
    public static IReadOnlyList<WireEndpoint> DecodeEndpoints(string json)
    {
        EndpointDto[] dtos = Deserialize<EndpointDto[]>(json, EndpointsVariable);
        var endpoints = new List<WireEndpoint>();
        foreach (EndpointDto dto in dtos)
        {
            if (string.IsNullOrWhiteSpace(dto.Security) || string.IsNullOrWhiteSpace(dto.Muxer) || string.IsNullOrWhiteSpace(dto.Address))
            {
                throw new FormatException($"{EndpointsVariable}: every endpoint needs security, muxer and address");
            }
            endpoints.Add(new WireEndpoint(dto.Security, dto.Muxer, dto.Address));
        }
        return endpoints;
    }

    /// <summary>Decodes <see cref="CapabilitiesVariable"/>; throws <see cref="FormatException"/> on malformed input.</summary>
    public static TargetCapabilities DecodeCapabilities(string json)
    {
        CapabilitiesDto dto = Deserialize<CapabilitiesDto>(json, CapabilitiesVariable);
        try
        {
            return new TargetCapabilities(dto.Transports ?? [], dto.Security ?? [], dto.Muxers ?? [], dto.Protocols ?? []);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{CapabilitiesVariable}: {e.Message}", e);
        }
    }

    private static T Deserialize<T>(string json, string variable)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxValueLength)
        {
            throw new FormatException($"{variable} is longer than {MaxValueLength} characters");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new FormatException($"{variable} is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{variable} is not valid JSON: {e.Message}", e);
        }
    }

    private sealed class EndpointDto
    {
        public string? Security { get; set; }
        public string? Muxer { get; set; }
        public string? Address { get; set; }
    }

    private sealed class CapabilitiesDto
    {
        public string[]? Transports { get; set; }
        public string[]? Security { get; set; }
        public string[]? Muxers { get; set; }
        public string[]? Protocols { get; set; }
    }
}
