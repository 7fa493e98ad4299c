# Step 1: get an access token
curl -k -X POST \
  -H "Content-Type: application/x-www-form-urlencoded" \
  -d "grant_type=client_credentials&client_id=amzn1.application-oa2-client.XXXX&client_secret=SECRETSECRET&scope=alexa::proactive_events" \
  https://api.amazon.com/auth/o2/token

# Step 2: send the event
$ curl -v -X POST 'https://api.amazonalexa.com/v1/proactiveEvents/stages/development' \
  -H 'Authorization: Bearer Atza|IwEBIEXAMPLETOKEN' \
  -H 'Content-Type: application/json' \
  -d '{
    "timestamp": "2024-03-01T09:00:00Z",
    "referenceId": "unique-id-of-this-event-instance-abc123cba",
    "expiryTime": "2024-03-02T08:59:00Z",
    "event": {
      "name": "AMAZON.MessageAlert.Activated",
      "payload": {
        "state": { "status": "UNREAD", "freshness": "NEW" },
        "messageGroup": {
          "creator": { "name": "Andy" },
          "count": 5,
          "urgency": "URGENT"
        }
      }
    },
    "localizedAttributes": [],
    "relevantAudience": { "type": "Multicast", "payload": {} }
  }'
