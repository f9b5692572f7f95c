# The fraudgraph job image: the official Flink image of the version the job is built against, with the job jar in
# usrlib, where the Helm chart's FlinkDeployment (application mode) runs it from.
#   mvn -B -DskipTests package && docker build -t fraudgraph/fraudgraph:0.1.0 .
FROM flink:2.2.1-scala_2.12-java17

COPY --chown=flink:flink jobs/target/fraudgraph-jobs-*-job.jar /opt/flink/usrlib/fraudgraph.jar
