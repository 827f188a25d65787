<?php
// Heading
$_['heading_title']             = 'koppel';

// Text
$_['text_extension']            = 'Extensions';
$_['text_edit']                 = 'Edit koppel';
$_['text_success']              = 'Success: you have saved the koppel settings.';
$_['text_api_key_unchanged']    = '(unchanged)';
$_['text_statuses']             = 'Order statuses';
$_['text_processing']           = 'Processing';
$_['text_complete']             = 'Complete';
$_['text_queue']                = 'Pushes to koppel';
$_['text_queue_counts']         = 'Waiting: %d. Refused by koppel: %d.';
$_['text_retry_result']         = 'Sent: %d. Still waiting: %d. Refused by koppel: %d.';
$_['text_ping_ok']              = 'Connected to "%s" (ledger: %s).';
$_['text_ping_unconfigured']    = 'Still to do in koppel before orders are booked: %s.';
$_['text_ping_ready']           = 'koppel is ready to book orders.';
$_['text_ping_clock']           = 'The shop\'s clock is %d seconds off from koppel\'s; requests are refused beyond 300 seconds.';
$_['text_push_sent']            = 'The settings were sent to koppel (%s, version %d).';
$_['text_push_refused']         = 'koppel refused the settings: %s';
$_['text_push_waiting']         = 'The settings could not be sent yet (%s); they are sent with the next retry.';
$_['text_push_behind']         = 'older pushes go first';

// Entry
$_['entry_status']              = 'Status';
$_['entry_license']             = 'License key';
$_['entry_api_key']             = 'API key';
$_['entry_endpoint']            = 'koppel address';
$_['entry_vat_field']           = 'VAT number field';
$_['entry_ping']                = 'Connection';

// Help
$_['help_license']              = 'The license key koppel showed when your connection was made, like KPL-7Q2MZ-0K4VD-H1T8C-9XW3B.';
$_['help_api_key']              = 'The API key you chose in koppel: 15 to 64 characters, letters, digits and ! * @ # ( ) =. It is never shown again; leave the field empty to keep the stored key.';
$_['help_endpoint']             = 'The address of koppel, starting with https://.';
$_['help_vat_field']            = 'The custom field in which customers enter their VAT number (Customers › Custom Fields).';
$_['help_statuses']             = 'Every status change of every order is sent to koppel. Which statuses are booked is chosen in koppel, not here.';
$_['help_catchup']              = 'koppel can ask this shop to send what is waiting: %s (signed requests only).';
$_['help_uninstall']            = 'Uninstalling removes the events and the waiting pushes. Revoke the API key in koppel afterwards.';

// Column
$_['column_status_id']          = 'ID';
$_['column_status_name']        = 'Status';
$_['column_status_kind']        = 'OpenCart treats it as';
$_['column_reference']          = 'Push';
$_['column_http_status']        = 'HTTP';
$_['column_message']            = 'koppel\'s answer';
$_['column_date']               = 'Last attempt';

// Button
$_['button_ping']               = 'Test connection';
$_['button_retry']              = 'Send waiting pushes now';
$_['button_requeue']            = 'Send refused pushes again';

// Error
$_['error_permission']          = 'Warning: you do not have permission to modify koppel!';
$_['error_form']                = 'Warning: please check the form carefully.';
$_['error_license']             = 'Enter the license key from koppel (letters, digits and dashes).';
$_['error_endpoint']            = 'Enter the koppel address, starting with https://, without ? or #.';
$_['error_api_key']             = 'The API key must be 15 to 64 characters: letters, digits and ! * @ # ( ) = only.';
$_['error_api_key_required']    = 'Enter the API key you chose in koppel.';
$_['error_ping']                = 'No connection: %s';
$_['error_ping_unauthorized']   = 'koppel did not accept the request: check the license key, the API key and the shop\'s clock.';
$_['error_push']                = 'The settings could not be sent: %s';
