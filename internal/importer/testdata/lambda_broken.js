const params = {
  timestamp: new Date().toISOString(),
  event: {
    name: 'AMAZON.MessageAlert.Activated',
    payload: { state: { status: 'UNREAD' }
  },
