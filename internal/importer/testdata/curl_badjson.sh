curl -X POST http://127.0.0.1:8787/v1/proactiveEvents/stages/development \
  -H 'Content-Type: application/json' \
  -d '{
  "timestamp": "2024-03-01T09:00:00Z",
  "referenceId": "x1",
  "event": {"name": "AMAZON.MessageAlert.Activated" "payload": {}}
}'
