curl -X POST "https://api.amazonalexa.com/v1/proactiveEvents/stages/development" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{
    "timestamp": "'"$(date -u +"%Y-%m-%dT%H:%M:%SZ")"'",
    "referenceId": "'"$(uuidgen)"'",
    "expiryTime": "'"$(date -u -d "+23 hours" +"%Y-%m-%dT%H:%M:%SZ")"'",
    "event": {"name": "AMAZON.MessageAlert.Activated", "payload": {"state": {"status": "UNREAD"}, "messageGroup": {"creator": {"name": "'"$SENDER"'"}, "count": 1}}},
    "localizedAttributes": [],
    "relevantAudience": {"type": "Unicast", "payload": {"user": "'"${USER_ID}"'"}}
  }'
