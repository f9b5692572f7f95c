package org.fraudgraph.job.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.fraudgraph.node.EdgeRequest;

/**
 * The edge requests of one event that go to one subtask of the node stage: one record on the wire
 * instead of one per node. An event touches about seven nodes; at parallelism P its requests travel
 * as at most P batches, and their answers come back as as many join pieces.
 *
 * <p>A batch is routed by its first node ({@link #routingKey}); every node in it belongs to the
 * same node subtask, because {@link #split} groups them by the subtask Flink's key groups give each
 * node key, and the node stage applies each request under its own node key.
 */
public final class EdgeBatch {
    public EdgeRequest[] requests = new EdgeRequest[0];

    public EdgeBatch() {}

    public EdgeBatch(EdgeRequest[] requests) {
        this.requests = requests;
    }

    /** The key Flink routes the batch by: its first node's. */
    public String routingKey() {
        return requests[0].node;
    }

    /**
     * Groups an event's requests by the node subtask that owns each node key, keeping their order
     * within each group; groups come in the order of their first request.
     *
     * @param maxParallelism the node stage's maximum parallelism (its number of key groups)
     * @param parallelism the node stage's parallelism
     */
    public static List<EdgeBatch> split(
            List<EdgeRequest> requests, int maxParallelism, int parallelism) {
        if (requests.isEmpty()) {
            return List.of();
        }
        if (parallelism == 1) {
            return List.of(new EdgeBatch(requests.toArray(new EdgeRequest[0])));
        }
        List<List<EdgeRequest>> groups = new ArrayList<>(parallelism);
        int[] groupOfSubtask = new int[parallelism];
        java.util.Arrays.fill(groupOfSubtask, -1);
        for (EdgeRequest r : requests) {
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            r.node, maxParallelism, parallelism);
            if (groupOfSubtask[subtask] < 0) {
                groupOfSubtask[subtask] = groups.size();
                groups.add(new ArrayList<>(requests.size()));
            }
            groups.get(groupOfSubtask[subtask]).add(r);
        }
        List<EdgeBatch> batches = new ArrayList<>(groups.size());
        for (List<EdgeRequest> group : groups) {
            batches.add(new EdgeBatch(group.toArray(new EdgeRequest[0])));
        }
        return batches;
    }

    @Override
    public String toString() {
        return requests.length + " requests for " + routingKey();
    }
}
