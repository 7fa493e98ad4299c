curl -X POST https://api.amazonalexa.com/v1/proactiveEvents/stages/development \
  -H 'Content-Type: application/json' \
  -d '{"timestamp": "2024-03-01T09:00:00Z",
       "event": {"name": "AMAZON.MessageAlert.Activated"}
