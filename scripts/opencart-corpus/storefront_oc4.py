#!/usr/bin/env python3
"""Places corpus orders through OpenCart 4.0.2.3's storefront, as a browser does.

One cookie session per order; the requests are the ones the product page, the cart page and
the one-page checkout's JavaScript send (catalog/view/template/checkout/*.twig):
checkout/cart.add, checkout/register.save (guest) or account/login.login (customer) and
checkout/shipping_address.save, checkout/shipping_method.quote / .save,
checkout/payment_method.getMethods / .save, checkout/confirm.confirm (this writes the order
with order_status_id 0) and the payment's confirm (this gives it the payment's status). The
shop owner then sets the status Complete in the admin, which 4.0.2.3 does through the catalog
API (api/sale/order.addHistory); the script does the same.

The storefront does not show a guest the order id, so it is read from the database by the
customer's e-mail address (mysql client, database named on the command line).

    python3 storefront_oc4.py http://127.0.0.1:8094/ <api key> <database> [case ...]
"""
import json, os, re, subprocess, sys

from browser import Browser

BASE, API_KEY, DATABASE = sys.argv[1:4]
LANGUAGE = "en-gb"

NL = dict(company="", address_1="Damrak 1", address_2="", city="Amsterdam", postcode="1012 LG",
          country_id=150, zone_id=2336)
UTRECHT = dict(company="", address_1="Oudegracht 10", address_2="", city="Utrecht", postcode="3511 AB",
               country_id=150, zone_id=2338)
MIX = [dict(product_id=40, quantity=3), dict(product_id=34, quantity=2)]


def latest_order_id(email):
    out = subprocess.run(["mysql", "-N", DATABASE, "-e",
                          f"SELECT MAX(order_id) FROM oc_order WHERE email = '{email}'"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return int(out)


def admin_history(order_id, status):
    """Sales > Orders > order > History > Add History, as 4.0.2.3's admin sends it."""
    api = Browser(BASE)
    token = api.ajax("api/account/login", {"username": "Default", "key": API_KEY})["api_token"]
    api.ajax("api/sale/order.addHistory", {"order_id": order_id, "order_status_id": status, "comment": "",
                                           "notify": 0, "override": 0},
             api_token=token, language=LANGUAGE, store_id=0)


def fill_cart(shop, products):
    shop.page("common/home")
    # A customer's cart is kept between visits (oc_cart by customer_id): start from an empty one.
    # The cart list reloads after each removal, as the page's script reloads it.
    while keys := re.findall(r'name="key" value="(\d+)"', shop.page("checkout/cart")):
        shop.ajax("checkout/cart.remove", {"key": keys[0]})
    for p in products:
        shop.ajax("checkout/cart.add", p)
    shop.page("checkout/cart")


def choose_methods(shop, payments):
    """Flat shipping, and the first of the payments the checkout offers; returns it."""
    quote = shop.ajax("checkout/shipping_method.quote")
    assert "flat" in quote["shipping_methods"], quote
    shop.ajax("checkout/shipping_method.save", {"shipping_method": "flat.flat"})
    offered = shop.ajax("checkout/payment_method.getMethods")["payment_methods"]
    payment = next(p for p in payments if p.split(".")[0] in offered)
    shop.ajax("checkout/payment_method.save", {"payment_method": payment})
    return payment


def confirm(shop, payment, email):
    """The confirm section loads (the order row is written with status 0); then the customer clicks
    Confirm Order, or does not (payment None)."""
    html = shop.page("checkout/confirm.confirm")
    assert "button-confirm" in html, html[:800]
    order_id = latest_order_id(email)
    if payment:
        shop.ajax(f"extension/opencart/payment/{payment.split('.')[0]}.confirm")
        shop.page("checkout/success")
    return order_id


def guest_checkout(email, products, pay=True, firstname="Anna", lastname="Jansen"):
    shop = Browser(BASE, LANGUAGE)
    fill_cart(shop, products)
    shop.page("checkout/checkout")
    # The register form with "Guest Checkout" chosen; 4.0.2.3's default has no payment address,
    # so the form shows the shipping address only.
    shop.ajax("checkout/register.save", {
        "account": 0, "customer_group_id": 1, "firstname": firstname, "lastname": lastname, "email": email,
        "telephone": "+31612345678", "custom_field": {"account": {1: ""}},
        **{f"shipping_{k}": v for k, v in NL.items()}})
    payment = choose_methods(shop, ["cod.cod"])
    return confirm(shop, payment if pay else None, email)


def customer_checkout(email, password, products, reward, address):
    shop = Browser(BASE, LANGUAGE)
    login_page = shop.page("account/login")
    token = login_page.split("login_token=", 1)[1].split('"', 1)[0].split("&", 1)[0]
    shop.ajax("account/login.login", {"email": email, "password": password, "redirect": ""}, login_token=token)
    fill_cart(shop, products)
    # The cart page's "Use Reward Points" box; the store credit total applies itself.
    shop.ajax("extension/opencart/total/reward.save", {"reward": reward})
    shop.page("checkout/checkout")
    shop.ajax("checkout/shipping_address.save", {"firstname": "Piet", "lastname": "Klant", **address})
    # 4.0.2.3 offers Free Checkout only when the cart's products cost nothing (cart->getTotal(),
    # extension/opencart/catalog/model/payment/free_checkout.php), not when reward points and store
    # credit bring the order to 0.00: the customer takes cash on delivery, as the API orders do.
    payment = choose_methods(shop, ["free_checkout.free_checkout", "cod.cod", "bank_transfer.bank_transfer"])
    return confirm(shop, payment, email)


only = set(sys.argv[4:])


def case(name, make, statuses=(5,)):
    if only and name not in only:
        return
    order_id = make()
    for status in statuses:
        admin_history(order_id, status)
    print(name, order_id, flush=True)
    done = json.load(open("cases-oc4.json")) if os.path.exists("cases-oc4.json") else {}
    done[name] = order_id
    json.dump(done, open("cases-oc4.json", "w"))


case("storefront-guest", lambda: guest_checkout("anna@example.nl", MIX))
case("storefront-abandoned", lambda: guest_checkout("kees@example.nl", MIX, pay=False, firstname="Kees",
                                                    lastname="Bakker"), statuses=())
# Piet (1000 points, 25.00 store credit) logged in: 400 points pay for the MacBook (product 43,
# 500.00 net, 400 points), the store credit the rest, as the 3.0.4.1 API case reward-points-and-credit.
case("storefront-reward-points-and-credit",
     lambda: customer_checkout("piet@example.nl", "corpus123", [dict(product_id=43, quantity=1),
                                                               dict(product_id=40, quantity=1)], 400, UTRECHT))
