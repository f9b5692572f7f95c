{{/* The release's resource name: the release name, cut to what Kubernetes allows. */}}
{{- define "fraudgraph.fullname" -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- end -}}

{{- define "fraudgraph.labels" -}}
app.kubernetes.io/name: fraudgraph
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The job's command line (see `bin/fraudgraph run --help`). */}}
{{- define "fraudgraph.args" -}}
- --bootstrap-servers
- {{ .Values.kafka.bootstrapServers | quote }}
- --transactions-topic
- {{ .Values.kafka.topics.transactions | quote }}
- --devices-topic
- {{ .Values.kafka.topics.devices | quote }}
- --applications-topic
- {{ .Values.kafka.topics.applications | quote }}
- --feedback-topic
- {{ .Values.kafka.topics.feedback | quote }}
- --models-topic
- {{ .Values.kafka.topics.models | quote }}
- --scores-topic
- {{ .Values.kafka.topics.scores | quote }}
- --cases-topic
- {{ .Values.kafka.topics.cases | quote }}
- --dead-letter-topic
- {{ .Values.kafka.topics.deadLetters | quote }}
- --group-id
- {{ .Values.kafka.groupId | quote }}
- --transactional-id-prefix
- {{ .Values.kafka.transactionalIdPrefix | quote }}
- --transaction-timeout
- {{ .Values.kafka.transactionTimeout | quote }}
- --start-from
- {{ .Values.job.startFrom | quote }}
- --checkpoint-interval
- {{ .Values.checkpoints.interval | quote }}
{{- if .Values.job.alertsOnly }}
- --alerts-only
{{- end }}
{{- if .Values.kafka.clientPropertiesSecret }}
- --kafka-properties
- /etc/fraudgraph/kafka/client.properties
{{- end }}
{{- if .Values.scoringModel }}
- --model
- /etc/fraudgraph/model/model.json
{{- end }}
{{- if .Values.scoringModelPublicKey }}
- --model-public-key
- /etc/fraudgraph/model/model-signing.pub
{{- end }}
{{- if .Values.personalDataKeySecret }}
- --hmac-key-file
- /etc/fraudgraph/personal-data/hmac.key
{{- end }}
{{- range .Values.job.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end -}}
