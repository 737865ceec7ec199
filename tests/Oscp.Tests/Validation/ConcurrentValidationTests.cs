using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class ConcurrentValidationTests
{
    [Fact]
    public void Validating_many_bodies_at_once_gives_the_same_answers_as_one_at_a_time()
    {
        var bad = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[1].unit", "VA");
        var expectedBad = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, bad, PeerProfile.Vector).Errors;

        var answers = new IReadOnlyList<string>[400];
        Parallel.For(0, answers.Length, i =>
        {
            var body = i % 2 == 0 ? bad : OscpExamples.UpdateGroupCapacityForecast;
            answers[i] = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Vector).Errors;
        });

        Assert.Single(expectedBad);
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expectedBad : [], answers[i]);
        }
    }
}
