curl -X POST "BASE_URL/v1/proactiveEvents/stages/development" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{
    "timestamp": "'"$(date -u +"%Y-%m-%dT%H:%M:%SZ")"'",
    "referenceId": "'"$(uuidgen)"'",
    "expiryTime": "'"$(date -u -d "+23 hours" +"%Y-%m-%dT%H:%M:%SZ")"'",
    "event": {"name": "AMAZON.MessageAlert.Activated", "payload": {"state": {"status": "UNREAD", "freshness": "NEW"}, "messageGroup": {"creator": {"name": "Andy"}, "count": 5, "urgency": "URGENT"}}},
    "localizedAttributes": [],
    "relevantAudience": {"type": "Multicast", "payload": {}}
  }'
