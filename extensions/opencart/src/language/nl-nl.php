<?php
// Heading
$_['heading_title']             = 'koppel';

// Text
$_['text_extension']            = 'Extensies';
$_['text_edit']                 = 'koppel bewerken';
$_['text_success']              = 'Gelukt: de instellingen van koppel zijn opgeslagen.';
$_['text_api_key_unchanged']    = '(ongewijzigd)';
$_['text_statuses']             = 'Bestelstatussen';
$_['text_processing']           = 'In behandeling';
$_['text_complete']             = 'Voltooid';
$_['text_queue']                = 'Verzendingen naar koppel';
$_['text_queue_counts']         = 'Wachtend: %d. Geweigerd door koppel: %d.';
$_['text_retry_result']         = 'Verzonden: %d. Nog wachtend: %d. Geweigerd door koppel: %d.';
$_['text_ping_ok']              = 'Verbonden met "%s" (boekhouding: %s).';
$_['text_ping_unconfigured']    = 'Nog te doen in koppel voordat bestellingen worden geboekt: %s.';
$_['text_ping_ready']           = 'koppel is klaar om bestellingen te boeken.';
$_['text_ping_clock']           = 'De klok van de winkel wijkt %d seconden af van die van koppel; boven 300 seconden worden verzoeken geweigerd.';
$_['text_push_sent']            = 'De instellingen zijn naar koppel verzonden (%s, versie %d).';
$_['text_push_refused']         = 'koppel weigerde de instellingen: %s';
$_['text_push_waiting']         = 'De instellingen konden nog niet worden verzonden (%s); ze gaan mee met de volgende poging.';
$_['text_push_behind']         = 'oudere verzendingen gaan voor';

// Entry
$_['entry_status']              = 'Status';
$_['entry_license']             = 'Licentiesleutel';
$_['entry_api_key']             = 'API-sleutel';
$_['entry_endpoint']            = 'Adres van koppel';
$_['entry_vat_field']           = 'Veld met btw-nummer';
$_['entry_ping']                = 'Verbinding';

// Help
$_['help_license']              = 'De licentiesleutel die koppel liet zien toen uw koppeling werd gemaakt, zoals KPL-7Q2MZ-0K4VD-H1T8C-9XW3B.';
$_['help_api_key']              = 'De API-sleutel die u in koppel koos: 15 tot 64 tekens, letters, cijfers en ! * @ # ( ) =. Hij wordt nooit meer getoond; laat het veld leeg om de opgeslagen sleutel te houden.';
$_['help_endpoint']             = 'Het adres van koppel, beginnend met https://.';
$_['help_vat_field']            = 'Het extra veld waarin klanten hun btw-nummer invullen (Klanten › Extra velden).';
$_['help_statuses']             = 'Elke statuswijziging van elke bestelling gaat naar koppel. Welke statussen worden geboekt, kiest u in koppel, niet hier.';
$_['help_catchup']              = 'koppel kan deze winkel vragen te verzenden wat nog wacht: %s (alleen ondertekende verzoeken).';
$_['help_uninstall']            = 'Verwijderen haalt de events en de wachtende verzendingen weg. Trek daarna de API-sleutel in koppel in.';

// Column
$_['column_status_id']          = 'ID';
$_['column_status_name']        = 'Status';
$_['column_status_kind']        = 'OpenCart ziet dit als';
$_['column_reference']          = 'Verzending';
$_['column_http_status']        = 'HTTP';
$_['column_message']            = 'Antwoord van koppel';
$_['column_date']               = 'Laatste poging';

// Button
$_['button_ping']               = 'Verbinding testen';
$_['button_retry']              = 'Wachtende verzendingen nu versturen';
$_['button_requeue']            = 'Geweigerde verzendingen opnieuw versturen';

// Error
$_['error_permission']          = 'Waarschuwing: u heeft geen rechten om koppel te wijzigen!';
$_['error_form']                = 'Waarschuwing: controleer het formulier.';
$_['error_license']             = 'Vul de licentiesleutel van koppel in (letters, cijfers en streepjes).';
$_['error_endpoint']            = 'Vul het adres van koppel in, beginnend met https://, zonder ? of #.';
$_['error_api_key']             = 'De API-sleutel moet 15 tot 64 tekens zijn: alleen letters, cijfers en ! * @ # ( ) =.';
$_['error_api_key_required']    = 'Vul de API-sleutel in die u in koppel koos.';
$_['error_ping']                = 'Geen verbinding: %s';
$_['error_ping_unauthorized']   = 'koppel accepteerde het verzoek niet: controleer de licentiesleutel, de API-sleutel en de klok van de winkel.';
$_['error_push']                = 'De instellingen konden niet worden verzonden: %s';
