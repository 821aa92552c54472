using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Reporting;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Mqtt;

/// <summary>Status (retained) and events (not retained) as QoS 1 publishes; delivered means a successful PUBACK.</summary>
internal sealed class MqttReportSink(IMqttClient client, NodeTopics topics, ILogger logger) : IReportSink
{
    public async Task SendStatusAsync(Wire.NodeStatus status, CancellationToken cancellationToken)
    {
        var result = await PublishAsync(topics.Status, status.ToByteArray(), retain: true, cancellationToken).ConfigureAwait(false);
        if (!Delivered(result))
            throw new LinkException($"the broker refused the status on {topics.Status}: {Reason(result)}");
    }

    public async Task<int> SendEventsAsync(IReadOnlyList<Wire.Event> events, CancellationToken cancellationToken)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var result = await PublishAsync(topics.Events, events[i].ToByteArray(), retain: false, cancellationToken).ConfigureAwait(false);
            if (!Delivered(result))
            {
                UplinkLog.PublishRefused(logger, $"event {events[i].Sequence} on {topics.Events}", Reason(result));
                return i;
            }
        }
        return events.Count;
    }

    public static async Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            return await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new LinkException($"publish on {topic} failed: {LinkErrors.Describe(ex)}", ex);
        }
    }

    private Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken) =>
        PublishAsync(client, topic, payload, retain, cancellationToken);

    /// <summary>"No matching subscribers" is still a message the broker took (PUBACK 0x10).</summary>
    public static bool Delivered(MqttClientPublishResult result) =>
        result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    public static string Reason(MqttClientPublishResult result) =>
        string.IsNullOrEmpty(result.ReasonString) ? result.ReasonCode.ToString() : $"{result.ReasonCode} ({result.ReasonString})";
}
