// Checks rendered manifests offline against their schemas:
//   FlinkDeployment: the CRD of the Flink Kubernetes Operator (openAPIV3Schema), with ajv;
//   its podTemplate, ConfigMap, PersistentVolumeClaim: the Kubernetes schemas of kubernetes-models;
//   PodMonitor: the Prometheus Operator schema of @kubernetes-models/prometheus-operator.
// Usage: node validate.mjs FLINKDEPLOYMENT_CRD.yml rendered.yaml...
import { readFileSync } from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import Ajv from "ajv";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";

const [crdFile, ...files] = process.argv.slice(2);
const crd = parse(readFileSync(crdFile, "utf8"));
const version = crd.spec.versions.find((v) => v.name === "v1beta1");
const schema = version.schema.openAPIV3Schema;
// The only operator CRD obtainable offline here is release 1.10's, whose FlinkVersion list ends at v1_20; later
// releases add the 2.x versions. Everything else is checked as that CRD says.
const flinkVersion = schema.properties.spec.properties.flinkVersion;
flinkVersion.enum = [...flinkVersion.enum, "v2_0", "v2_1", "v2_2"];
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validateFlinkDeployment = ajv.compile(schema);

let problems = 0;
let checked = 0;
let unchecked = 0;
const fail = (file, what, detail) => {
  problems++;
  console.error(`helm/validate: ${file}: ${what}: ${detail}`);
};
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const m = doc.toJS();
    if (!m) continue;
    const what = `${m.kind} ${m.metadata?.name}`;
    try {
      switch (m.kind) {
        case "FlinkDeployment":
          if (m.apiVersion !== "flink.apache.org/v1beta1") fail(file, what, `apiVersion ${m.apiVersion}`);
          if (!validateFlinkDeployment(m)) {
            for (const e of validateFlinkDeployment.errors) fail(file, what, `${e.instancePath} ${e.message}`);
          }
          new Pod({ apiVersion: "v1", kind: "Pod", ...m.spec.podTemplate }).validate();
          break;
        case "ConfigMap":
          new ConfigMap(m).validate();
          break;
        case "PersistentVolumeClaim":
          new PersistentVolumeClaim(m).validate();
          break;
        case "PodMonitor":
          new PodMonitor(m).validate();
          break;
        case "KafkaTopic":
          // No Strimzi CRD offline: helm/check checks these by their fields.
          unchecked++;
          continue;
        default:
          fail(file, what, "no schema to check this kind against");
      }
      checked++;
    } catch (e) {
      fail(file, what, String(e.message ?? e).split("\n").slice(0, 6).join(" "));
    }
  }
}
if (problems > 0) process.exit(1);
console.log(
  `helm/validate: ${checked} resources match their schemas` +
    (unchecked ? ` (${unchecked} Strimzi KafkaTopics not schema-checked: no Strimzi CRD offline)` : ""),
);
