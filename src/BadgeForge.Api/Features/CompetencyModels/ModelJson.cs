using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Api.Features.CompetencyModels;

/// <summary>
/// JSON for competency models. Core's types stay free of serializer attributes; the criteria tree's subtypes and the
/// version types are mapped here: a criterion carries its "type", versions are their semver strings.
/// </summary>
public static class ModelJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new SemanticVersionConverter());
        options.Converters.Add(new ModelReferenceConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(AddCriterionKinds);
        return options;
    }

    private static void AddCriterionKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(Criterion))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "type",
            DerivedTypes =
            {
                new JsonDerivedType(typeof(AllOf), "all"),
                new JsonDerivedType(typeof(AnyOf), "any"),
                new JsonDerivedType(typeof(AtLeast), "at_least"),
                new JsonDerivedType(typeof(AttendanceCriterion), "attendance"),
                new JsonDerivedType(typeof(CompetenceCriterion), "competence"),
                new JsonDerivedType(typeof(BadgeCriterion), "badge"),
                new JsonDerivedType(typeof(PracticeCriterion), "practice"),
                new JsonDerivedType(typeof(EvidenceCriterion), "evidence"),
            },
        };
    }

    private sealed class SemanticVersionConverter : JsonConverter<SemanticVersion>
    {
        public override SemanticVersion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            SemanticVersion.TryParse(reader.GetString(), out var version) ? version : throw new JsonException("Not a semantic version.");

        public override void Write(Utf8JsonWriter writer, SemanticVersion value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    private sealed class ModelReferenceConverter : JsonConverter<ModelReference>
    {
        public override ModelReference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ModelReference.TryParse(reader.GetString(), out var reference) ? reference : throw new JsonException("Not a model reference (id@version).");

        public override void Write(Utf8JsonWriter writer, ModelReference value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
