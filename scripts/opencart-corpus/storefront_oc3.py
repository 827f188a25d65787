#!/usr/bin/env python3
"""Places corpus orders through OpenCart 3.0.4.1's storefront, as a browser does.

One cookie session per order; the requests are the ones the product page and the checkout's
JavaScript send (catalog/view/theme/default/template/checkout/checkout.twig): checkout/cart/add,
the "Guest Checkout" step (checkout/guest, checkout/guest/save with "My delivery and billing
addresses are the same"), checkout/shipping_method and /save, checkout/payment_method and /save
(with the terms agreed, config_checkout_id), checkout/confirm (this writes the order with
order_status_id 0) and the payment's confirm (this gives it the payment's status). The shop owner
then sets the status Complete in the admin, which 3.0 does through the catalog API
(api/order/history); the script does the same.

The storefront does not show a guest the order id, so it is read from the database by the
customer's e-mail address (mysql client, database named on the command line).

    python3 storefront_oc3.py http://127.0.0.1:8093/ <api key> <database> [case ...]
"""
import json, os, subprocess, sys

from browser import Browser

BASE, API_KEY, DATABASE = sys.argv[1:4]

NL = dict(company="", address_1="Damrak 1", address_2="", city="Amsterdam", postcode="1012 LG",
          country_id=150, zone_id=2336)
MIX = [dict(product_id=40, quantity=3), dict(product_id=34, quantity=2)]


def latest_order_id(email):
    out = subprocess.run(["mysql", "-N", DATABASE, "-e",
                          f"SELECT MAX(order_id) FROM oc_order WHERE email = '{email}'"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return int(out)


def admin_history(order_id, status):
    """Sales > Orders > order > History > Add History, as 3.0's admin sends it."""
    api = Browser(BASE)
    token = api.ajax("api/login", {"username": "Default", "key": API_KEY})["api_token"]
    api.ajax("api/order/history", {"order_status_id": status, "comment": "", "notify": 0, "override": 0},
             api_token=token, order_id=order_id)


def guest_checkout(email, products, pay=True, firstname="Anna", lastname="Jansen"):
    shop = Browser(BASE)
    shop.page("common/home")
    for p in products:
        shop.ajax("checkout/cart/add", p)
    shop.page("checkout/cart")
    shop.page("checkout/checkout")
    shop.page("checkout/login")
    shop.page("checkout/guest")  # "Guest Checkout", Continue
    shop.ajax("checkout/guest/save", {
        "customer_group_id": 1, "firstname": firstname, "lastname": lastname, "email": email,
        "telephone": "+31612345678", "custom_field": {"account": {1: ""}}, **NL, "shipping_address": 1})
    assert "flat.flat" in shop.page("checkout/shipping_method")
    shop.ajax("checkout/shipping_method/save", {"shipping_method": "flat.flat", "comment": ""})
    assert 'value="cod"' in shop.page("checkout/payment_method")
    shop.ajax("checkout/payment_method/save", {"payment_method": "cod", "agree": 1, "comment": ""})
    # The confirm step loads: the order row is written with status 0.
    html = shop.page("checkout/confirm")
    assert "button-confirm" in html, html[:800]
    order_id = latest_order_id(email)
    if pay:
        shop.ajax("extension/payment/cod/confirm")
        shop.page("checkout/success")
    return order_id


only = set(sys.argv[4:])


def case(name, make, statuses=(5,)):
    if only and name not in only:
        return
    order_id = make()
    for status in statuses:
        admin_history(order_id, status)
    print(name, order_id, flush=True)
    done = json.load(open("cases-oc3.json")) if os.path.exists("cases-oc3.json") else {}
    done[name] = order_id
    json.dump(done, open("cases-oc3.json", "w"))


case("storefront-guest", lambda: guest_checkout("anna@example.nl", MIX))
case("storefront-abandoned", lambda: guest_checkout("kees@example.nl", MIX, pay=False, firstname="Kees",
                                                    lastname="Bakker"), statuses=())
