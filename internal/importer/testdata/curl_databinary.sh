curl --request POST --url https://api.eu.amazonalexa.com/v1/proactiveEvents \
     --header "Authorization: Bearer $TOKEN" \
     --header "Content-Type: application/json" \
     --data-binary @weather.json
